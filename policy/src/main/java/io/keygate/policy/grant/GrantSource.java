package io.keygate.policy.grant;

/** Where the decision reads live grants from: a grant store, or its caching decorator. */
@FunctionalInterface
public interface GrantSource {

	/** What the store says about (subject, organisation, target), read atomically; never throws. */
	GrantLookup lookup(String subject, String organisation, String targetId);

}
