package io.keygate.policy.shape;

import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import io.keygate.policy.shape.OverrideVector.Carrier;

/**
 * The operator's relaxations of the request-shape checks. Each is off by default and each is
 * named: nothing here can widen what a level allows, only let a known header through to be stripped.
 *
 * @param headersAllowedThrough override headers (from {@link OverrideVectors}) a trusted proxy in
 * front of the gateway adds to every request: not refused, but stripped before forwarding
 * @param parametersAllowedThrough override query parameters likewise: not refused, removed from the
 * forwarded query. (Never form fields: removing one would mean rewriting the body.)
 * @param allowHeaderlessUnsafe let unsafe methods with neither {@code Origin} nor
 * {@code Sec-Fetch-Site} through (non-browser clients); WebSocket handshakes stay refused
 */
public record ShapeSettings(Set<String> headersAllowedThrough, Set<String> parametersAllowedThrough,
		boolean allowHeaderlessUnsafe) {

	/** Everything refused. */
	public static final ShapeSettings STRICT = new ShapeSettings(Set.of(), Set.of(), false);

	public ShapeSettings {
		headersAllowedThrough = known(headersAllowedThrough, Carrier.HEADER);
		parametersAllowedThrough = known(parametersAllowedThrough, Carrier.PARAMETER);
	}

	/** Only names on the list make sense here; anything else is a typo that must stop start-up. */
	private static Set<String> known(Set<String> names, Carrier carrier) {
		Objects.requireNonNull(names, "names cannot be null");
		Set<String> canonical = names.stream()
			.map(name -> carrier == Carrier.HEADER ? OverrideVectors.canonicalHeader(name)
					: OverrideVectors.canonicalParameter(name).orElse(name))
			.collect(Collectors.toUnmodifiableSet());
		for (String name : canonical) {
			boolean listed = OverrideVectors.all().stream().anyMatch(v -> v.carrier() == carrier && v.name().equals(name));
			if (!listed) {
				throw new IllegalArgumentException("'" + name + "' is not a known override " + carrier.name().toLowerCase()
						+ " (see OverrideVectors); nothing to allow through");
			}
		}
		return canonical;
	}

	/** The first override the request carries that is not allowed through, described for the log. */
	public java.util.Optional<String> refusedOverride(RequestShape shape) {
		for (String header : shape.headerNames()) {
			var vector = OverrideVectors.header(header);
			if (vector.isPresent() && !this.headersAllowedThrough.contains(vector.get().name())) {
				return java.util.Optional.of("override header " + header + " (" + vector.get().honouredBy() + ")");
			}
		}
		for (String parameter : shape.queryNames()) {
			var vector = OverrideVectors.parameter(parameter);
			if (vector.isPresent() && !this.parametersAllowedThrough.contains(vector.get().name())) {
				return java.util.Optional.of("override query parameter " + parameter + " (" + vector.get().honouredBy() + ")");
			}
		}
		for (String field : shape.formNames()) {
			var vector = OverrideVectors.parameter(field);
			if (vector.isPresent()) {
				return java.util.Optional.of("override form field " + field + " (" + vector.get().honouredBy() + ")");
			}
		}
		if (!shape.formInspected()) {
			return java.util.Optional.of("form body could not be inspected for overrides (too large or malformed)");
		}
		return java.util.Optional.empty();
	}

}
