package io.keygate.policy.catalog;

/** How much harm misuse of a target can do; decides how many approvals a request needs. */
public enum Tier {
	STANDARD, CRITICAL
}
