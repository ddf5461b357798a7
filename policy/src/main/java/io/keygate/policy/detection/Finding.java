package io.keygate.policy.detection;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import io.keygate.policy.audit.Severity;

/**
 * What a {@link Detector} concluded from the audit stream: how bad, which ATT&CK technique it
 * looks like, one sentence a person can act on, and the chained events behind it (by sequence, so
 * the alert links to evidence that cannot be edited). {@code dedupKey} lets the alert store fold
 * repeats of the same pattern into one open alert instead of paging approvers for every probe.
 * Absent values are empty strings.
 */
public record Finding(String detector, Severity severity, String techniqueId, String explanation, String actor,
		String organisation, String targetId, List<Long> eventSequences, Instant at, String dedupKey) {

	private static final Pattern TECHNIQUE = Pattern.compile("T\\d{4}(\\.\\d{3})?");

	public Finding {
		if (detector == null || detector.isBlank()) {
			throw new IllegalArgumentException("a finding names its detector");
		}
		Objects.requireNonNull(severity, "severity cannot be null");
		if (techniqueId == null || !TECHNIQUE.matcher(techniqueId).matches()) {
			throw new IllegalArgumentException("an ATT&CK technique id looks like T1078 or T1021.001, was " + techniqueId);
		}
		if (explanation == null || explanation.isBlank()) {
			throw new IllegalArgumentException("a finding explains itself in one sentence");
		}
		actor = actor == null ? "" : actor;
		organisation = organisation == null ? "" : organisation;
		targetId = targetId == null ? "" : targetId;
		eventSequences = List.copyOf(eventSequences);
		Objects.requireNonNull(at, "at cannot be null");
		dedupKey = dedupKey == null || dedupKey.isBlank() ? detector + "|" + actor + "|" + organisation + "|" + targetId : dedupKey;
	}

}
