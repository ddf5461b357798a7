package io.keygate.policy.detection;

/**
 * How tight a detector's thresholds are for an event's organisation. {@link #STRICT} applies to an
 * organisation under a declared breach for a set period: lower thresholds, shorter memory of
 * "known" networks, more alerts on purpose.
 */
public enum Strictness {
	NORMAL, STRICT
}
