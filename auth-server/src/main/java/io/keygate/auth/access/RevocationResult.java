package io.keygate.auth.access;

import java.util.List;
import java.util.Objects;

import io.keygate.policy.grant.RevocationEvent;

/**
 * What a revocation or suspension ended: {@code grantIds} were live (sessions are closed by the
 * gateways on the revocation event), {@code scheduledCancelled} had not started and now never will.
 */
public record RevocationResult(RevocationEvent.Scope scope, String key, List<String> grantIds,
		List<String> scheduledCancelled) {

	public RevocationResult {
		Objects.requireNonNull(scope, "scope cannot be null");
		Objects.requireNonNull(key, "key cannot be null");
		grantIds = List.copyOf(grantIds);
		scheduledCancelled = List.copyOf(scheduledCancelled);
	}

	public int grantsEnded() {
		return this.grantIds.size();
	}

}
