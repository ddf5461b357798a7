package io.keygate.policy.presence;

import java.util.List;

/**
 * Where gateways say they are alive. Each gateway calls {@link #heartbeat} on a fixed period;
 * the portal lists {@link #instances()} to show which are live and which went silent, and an
 * organisation-wide action (a breach declaration) expects a receipt from every one of them.
 * Implementations: in memory (embedded mode) and the shared store (distributed mode).
 */
public interface GatewayPresence {

	void heartbeat(GatewayInstance instance);

	/** Every instance that has reported, silent ones included, until they are forgotten. */
	List<GatewayInstance> instances();

}
