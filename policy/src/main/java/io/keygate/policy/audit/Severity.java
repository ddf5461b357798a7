package io.keygate.policy.audit;

/** How urgently a person should look at an event. */
public enum Severity {
	INFO, WARNING, HIGH,
	/** Someone touched a decoy or presented a honeytoken: an intruder until proven otherwise. */
	CRITICAL
}
