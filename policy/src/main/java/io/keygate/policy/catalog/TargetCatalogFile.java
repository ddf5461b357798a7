package io.keygate.policy.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the target catalogue: one YAML file shared by the auth server and the gateway.
 *
 * <pre>
 * targets:
 *   - id: head-end
 *     name: AMI head-end
 *     zone: HEAD_END
 *     upstream: http://127.0.0.1:9100
 *     tier: STANDARD          # or CRITICAL
 *     max-grant: PT8H         # ISO-8601 duration
 *     decoy: false            # optional, default false
 *     suspend-organisation: false  # optional, decoys only: a touch also suspends the toucher's organisation
 *     end-warning: false      # optional, default false: a notice on its HTML pages before the grant ends
 *     transcript-bodies: false # optional, default false: keep redacted bodies of state-changing requests
 *     levels:
 *       read:
 *         - methods: [GET, HEAD]
 *           paths: ["/**"]
 *       operate:
 *         - methods: [GET, HEAD]
 *           paths: ["/**"]
 *         - methods: [POST]
 *           paths: ["/api/commands/**"]
 *         - methods: [GET]
 *           paths: ["/console/ws"]
 *           websocket: two-way  # none | receive (default where GET is allowed) | two-way
 *         - methods: [DELETE]
 *           paths: ["/api/sessions/*"]
 *           delete-body: true   # optional, default false: a body on DELETE is refused
 *     firmware:               # optional: uploads here are hashed, checked against the allow-list, maybe held
 *       paths: ["/api/firmware/**"]
 *       max-size: 512MB       # the whole request body; B, KB, MB, GB (binary)
 * </pre>
 *
 * Strict on purpose: an unknown key, a missing field or a bad value stops start-up with a message
 * naming the entry, because a typo in a security catalogue must never silently widen or drop a
 * rule. Upstream credentials are not here: they are the gateway's secrets, kept in its own config.
 */
public final class TargetCatalogFile {

	private static final Set<String> TARGET_KEYS = Set.of("id", "name", "zone", "upstream", "tier", "max-grant", "decoy",
			"suspend-organisation", "levels", "end-warning", "transcript-bodies", "firmware");

	private static final Set<String> FIRMWARE_KEYS = Set.of("paths", "max-size");

	private static final Set<String> RULE_KEYS = Set.of("methods", "paths", "websocket", "delete-body");

	private TargetCatalogFile() {
	}

	/** Thrown for any problem in the file; the message names the source and the entry. */
	public static final class InvalidCatalogException extends RuntimeException {

		InvalidCatalogException(String message, Throwable cause) {
			super(message, cause);
		}

	}

	public static TargetCatalog load(InputStream in, String source) {
		try (Reader reader = new java.io.InputStreamReader(in, StandardCharsets.UTF_8)) {
			return parse(reader, source);
		}
		catch (IOException ex) {
			throw new InvalidCatalogException("cannot read target catalogue " + source + ": " + ex.getMessage(), ex);
		}
	}

	public static TargetCatalog parse(String yaml, String source) {
		return parse(new StringReader(yaml), source);
	}

	private static TargetCatalog parse(Reader reader, String source) {
		Object document;
		try {
			LoaderOptions options = new LoaderOptions();
			options.setAllowDuplicateKeys(false);
			options.setMaxAliasesForCollections(10);
			document = new Yaml(new SafeConstructor(options)).load(reader);
		}
		catch (YAMLException ex) {
			throw new InvalidCatalogException("target catalogue " + source + " is not valid YAML: " + ex.getMessage(), ex);
		}
		if (!(document instanceof Map<?, ?> root) || !(root.get("targets") instanceof List<?> entries)) {
			throw new InvalidCatalogException("target catalogue " + source + " must have a 'targets' list", null);
		}
		if (root.size() != 1) {
			throw new InvalidCatalogException("target catalogue " + source + " has keys other than 'targets': " + root.keySet(),
					null);
		}
		List<Target> targets = new ArrayList<>();
		for (int i = 0; i < entries.size(); i++) {
			Object entry = entries.get(i);
			String where = "target catalogue " + source + ", entry #" + (i + 1);
			if (entry instanceof Map<?, ?> map && map.get("id") instanceof String id) {
				where += " ('" + id + "')";
			}
			try {
				targets.add(target(entry));
			}
			catch (RuntimeException ex) {
				throw new InvalidCatalogException(where + ": " + ex.getMessage(), ex);
			}
		}
		try {
			return TargetCatalog.of(targets);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidCatalogException("target catalogue " + source + ": " + ex.getMessage(), ex);
		}
	}

	private static Target target(Object entry) {
		Map<?, ?> map = map(entry, "entry");
		checkKeys(map, TARGET_KEYS, "target");
		String id = string(map, "id");
		Object decoy = map.containsKey("decoy") ? map.get("decoy") : Boolean.FALSE;
		if (!(decoy instanceof Boolean)) {
			throw new IllegalArgumentException("'decoy' must be true or false");
		}
		Object suspendOrganisation = map.containsKey("suspend-organisation") ? map.get("suspend-organisation") : Boolean.FALSE;
		if (!(suspendOrganisation instanceof Boolean)) {
			throw new IllegalArgumentException("'suspend-organisation' must be true or false");
		}
		Object transcriptBodies = map.containsKey("transcript-bodies") ? map.get("transcript-bodies") : Boolean.FALSE;
		if (!(transcriptBodies instanceof Boolean)) {
			throw new IllegalArgumentException("'transcript-bodies' must be true or false");
		}
		Tier tier;
		try {
			tier = Tier.valueOf(string(map, "tier").toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("'tier' must be one of STANDARD, CRITICAL");
		}
		Duration maxGrant;
		try {
			maxGrant = Duration.parse(string(map, "max-grant"));
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException("'max-grant' must be an ISO-8601 duration such as PT4H");
		}
		URI upstream;
		try {
			upstream = new URI(string(map, "upstream"));
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException("'upstream' is not a URL: " + ex.getMessage());
		}
		List<AccessLevel> levels = new ArrayList<>();
		Map<?, ?> levelMap = map(map.get("levels"), "'levels'");
		for (Map.Entry<?, ?> level : levelMap.entrySet()) {
			if (!(level.getKey() instanceof String levelName)) {
				throw new IllegalArgumentException("level names must be strings");
			}
			List<AccessRule> rules = new ArrayList<>();
			for (Object rule : list(level.getValue(), "level '" + levelName + "'")) {
				Map<?, ?> ruleMap = map(rule, "a rule of level '" + levelName + "'");
				checkKeys(ruleMap, RULE_KEYS, "rule of level '" + levelName + "'");
				Set<String> methods = new LinkedHashSet<>(strings(ruleMap.get("methods"), "'methods' of level '" + levelName + "'"));
				WebSocketMode webSocket = ruleMap.containsKey("websocket")
						? WebSocketMode.parse(String.valueOf(ruleMap.get("websocket")))
						: AccessRule.defaultWebSocket(methods);
				Object deleteBody = ruleMap.containsKey("delete-body") ? ruleMap.get("delete-body") : Boolean.FALSE;
				if (!(deleteBody instanceof Boolean)) {
					throw new IllegalArgumentException("'delete-body' of level '" + levelName + "' must be true or false");
				}
				for (String path : strings(ruleMap.get("paths"), "'paths' of level '" + levelName + "'")) {
					rules.add(new AccessRule(methods, PathPattern.parse(path), webSocket, (Boolean) deleteBody));
				}
			}
			levels.add(new AccessLevel(levelName, rules));
		}
		Object endWarning = map.containsKey("end-warning") ? map.get("end-warning") : Boolean.FALSE;
		if (!(endWarning instanceof Boolean)) {
			throw new IllegalArgumentException("'end-warning' must be true or false");
		}
		Target target = Target.of(id, string(map, "name"), string(map, "zone"), upstream, tier, maxGrant, (Boolean) decoy,
				(Boolean) suspendOrganisation, levels)
			.withEndWarning((Boolean) endWarning)
			.withTranscriptBodies((Boolean) transcriptBodies);
		return map.containsKey("firmware") ? target.withFirmware(firmware(map.get("firmware"))) : target;
	}

	private static FirmwareUploads firmware(Object value) {
		Map<?, ?> map = map(value, "'firmware'");
		checkKeys(map, FIRMWARE_KEYS, "'firmware'");
		List<PathPattern> paths = new ArrayList<>();
		for (String path : strings(map.get("paths"), "'paths' of 'firmware'")) {
			paths.add(PathPattern.parse(path));
		}
		Object size = map.get("max-size");
		if (!(size instanceof String) && !(size instanceof Integer) && !(size instanceof Long)) {
			throw new IllegalArgumentException("firmware 'max-size' is missing (e.g. 512MB)");
		}
		return new FirmwareUploads(paths, FirmwareUploads.parseSize(String.valueOf(size)));
	}

	private static void checkKeys(Map<?, ?> map, Set<String> allowed, String what) {
		for (Object key : map.keySet()) {
			if (!allowed.contains(String.valueOf(key))) {
				throw new IllegalArgumentException("unknown key '" + key + "' in " + what + " (allowed: " + allowed + ")");
			}
		}
	}

	private static Map<?, ?> map(Object value, String what) {
		if (value instanceof Map<?, ?> map) {
			return map;
		}
		throw new IllegalArgumentException(what + " must be a mapping");
	}

	private static List<?> list(Object value, String what) {
		if (value instanceof List<?> list && !list.isEmpty()) {
			return list;
		}
		throw new IllegalArgumentException(what + " must be a non-empty list");
	}

	private static List<String> strings(Object value, String what) {
		List<String> strings = new ArrayList<>();
		for (Object item : list(value, what)) {
			if (!(item instanceof String string)) {
				throw new IllegalArgumentException(what + " must list strings");
			}
			strings.add(string);
		}
		return strings;
	}

	private static String string(Map<?, ?> map, String key) {
		Object value = map.get(key);
		if (value instanceof String string && !string.isBlank()) {
			return string;
		}
		throw new IllegalArgumentException("'" + key + "' is missing or not a string");
	}

}
