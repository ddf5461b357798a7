package io.keygate.policy.catalog;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.keygate.policy.Names;

/**
 * A system behind the gateway that a vendor may be granted access to. A {@code decoy} target
 * exists only to be noticed: it can never be requested, and touching it is an alert that suspends
 * the person (and, with {@code suspendOrganisation}, their whole organisation). With
 * {@code endWarning}, the gateway adds a small notice to the target's HTML pages shortly before
 * the grant ends (catalogue {@code end-warning: true}; off by default, since it changes the pages).
 * {@code transcriptBodies} makes the gateway keep the (redacted, size-capped) body of each
 * state-changing request in the session transcript; off unless the catalogue says so.
 * {@code firmware} names the paths where uploads are firmware images (hashed, checked against the
 * allow-list, maybe held) and their size limit; {@link FirmwareUploads#NONE} for most targets. Optional behaviours are set with the {@code withX} methods, so that adding one never changes
 * the constructors callers use.
 */
public record Target(String id, String name, String zone, URI upstream, Tier tier, Duration maxGrant,
		Map<String, AccessLevel> levels, boolean decoy, boolean suspendOrganisation, boolean endWarning,
		boolean transcriptBodies, FirmwareUploads firmware) {

	public Target {
		if (suspendOrganisation && !decoy) {
			throw new IllegalArgumentException("target '" + id + "': only a decoy can suspend the organisation of who touches it");
		}
		Names.requireToken(id, "target id");
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException("target '" + id + "' needs a name");
		}
		Names.requireToken(zone, "zone of target '" + id + "'");
		Objects.requireNonNull(upstream, "upstream of target '" + id + "' cannot be null");
		if (!("http".equals(upstream.getScheme()) || "https".equals(upstream.getScheme())) || upstream.getHost() == null) {
			throw new IllegalArgumentException("upstream of target '" + id + "' must be an absolute http(s) URL: " + upstream);
		}
		Objects.requireNonNull(tier, "tier of target '" + id + "' cannot be null");
		Objects.requireNonNull(maxGrant, "maximum grant of target '" + id + "' cannot be null");
		if (maxGrant.isNegative() || maxGrant.isZero() || maxGrant.compareTo(Duration.ofDays(7)) > 0) {
			throw new IllegalArgumentException("maximum grant of target '" + id + "' must be between 1 second and 7 days: " + maxGrant);
		}
		Objects.requireNonNull(levels, "levels of target '" + id + "' cannot be null");
		if (levels.isEmpty()) {
			throw new IllegalArgumentException("target '" + id + "' offers no access level");
		}
		levels.forEach((key, level) -> {
			if (!key.equals(level.name())) {
				throw new IllegalArgumentException("target '" + id + "' lists level '" + level.name() + "' under '" + key + "'");
			}
		});
		levels = Map.copyOf(new LinkedHashMap<>(levels));
		Objects.requireNonNull(firmware, "firmware uploads of target '" + id + "' cannot be null (FirmwareUploads.NONE)");
	}

	/** A target whose touch, if a decoy, suspends the person but not their organisation. */
	public Target(String id, String name, String zone, URI upstream, Tier tier, Duration maxGrant,
			Map<String, AccessLevel> levels, boolean decoy) {
		this(id, name, zone, upstream, tier, maxGrant, levels, decoy, false, false, false, FirmwareUploads.NONE);
	}

	public static Target of(String id, String name, String zone, URI upstream, Tier tier, Duration maxGrant, boolean decoy,
			List<AccessLevel> levels) {
		return of(id, name, zone, upstream, tier, maxGrant, decoy, false, levels);
	}

	/** {@code suspendOrganisation}: a decoy whose touch also suspends the toucher's whole organisation. */
	public static Target of(String id, String name, String zone, URI upstream, Tier tier, Duration maxGrant, boolean decoy,
			boolean suspendOrganisation, List<AccessLevel> levels) {
		Map<String, AccessLevel> byName = new LinkedHashMap<>();
		for (AccessLevel level : levels) {
			if (byName.put(level.name(), level) != null) {
				throw new IllegalArgumentException("target '" + id + "' defines level '" + level.name() + "' twice");
			}
		}
		return new Target(id, name, zone, upstream, tier, maxGrant, byName, decoy, suspendOrganisation, false, false,
				FirmwareUploads.NONE);
	}

	/** This target with the end-of-grant notice on its HTML pages switched on or off. */
	public Target withEndWarning(boolean on) {
		return new Target(this.id, this.name, this.zone, this.upstream, this.tier, this.maxGrant, this.levels, this.decoy,
				this.suspendOrganisation, on, this.transcriptBodies, this.firmware);
	}

	/** This target with the transcript of request bodies switched on or off. */
	public Target withTranscriptBodies(boolean enabled) {
		return new Target(this.id, this.name, this.zone, this.upstream, this.tier, this.maxGrant, this.levels, this.decoy,
				this.suspendOrganisation, this.endWarning, enabled, this.firmware);
	}

	/** This target with firmware upload paths and their size limit. */
	public Target withFirmware(FirmwareUploads uploads) {
		return new Target(this.id, this.name, this.zone, this.upstream, this.tier, this.maxGrant, this.levels, this.decoy,
				this.suspendOrganisation, this.endWarning, this.transcriptBodies, uploads);
	}

	public Optional<AccessLevel> level(String levelName) {
		return Optional.ofNullable(levelName == null ? null : this.levels.get(levelName));
	}

}
