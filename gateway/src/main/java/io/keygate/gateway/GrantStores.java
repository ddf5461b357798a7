package io.keygate.gateway;

import java.time.Clock;

import io.keygate.gateway.audit.DecisionAudit;
import io.keygate.policy.grant.GrantSource;
import io.keygate.policy.grant.GrantStore;

/** The Redis-backed pieces, kept apart so that the embedded mode never touches Lettuce. */
final class GrantStores {

	private GrantStores() {
	}

	static GrantStore redis(KeygateGatewayProperties.Store store, Clock clock) {
		throw new IllegalStateException("keygate.gateway.store.kind=redis is not available yet");
	}

	static GrantSource cached(GrantStore store) {
		return store;
	}

	static DecisionAudit redisStreamAudit(KeygateGatewayProperties properties) {
		throw new IllegalStateException("keygate.gateway.audit.sink=redis-stream is not available yet");
	}

}
