package io.keygate.policy.live;

import java.util.List;
import java.util.function.Consumer;

/**
 * Where every gateway publishes its live sessions and where terminations reach it. Each gateway
 * {@link #report}s a full snapshot with its heartbeat (so a session that ended simply disappears);
 * the portal and the evidence pack read {@link #sessions()}, and pair each session's
 * {@code gatewayInstance} with {@link io.keygate.policy.presence.GatewayPresence#instances()} to tell
 * current sessions from those last reported by a gateway that went silent.
 * <p>
 * Implementations: in memory (embedded mode) and the shared store (distributed mode).
 */
public interface LiveSessionBoard {

	/** Replaces everything {@code gatewayInstance} reported before. */
	void report(String gatewayInstance, List<LiveSessionReport> sessions);

	/** Every reported session of every gateway still remembered, silent gateways' last reports included. */
	List<LiveSessionReport> sessions();

	/**
	 * Sends {@code termination} to its gateway. Delivered at least once while the gateway is alive:
	 * a gateway that missed the message finds it with {@link #pendingTerminations} on its next heartbeat.
	 */
	void terminate(SessionTermination termination);

	/** Terminations addressed to {@code gatewayInstance} that are still remembered (applying one twice is harmless). */
	List<SessionTermination> pendingTerminations(String gatewayInstance);

	/** Calls {@code listener} with each termination addressed to {@code gatewayInstance}; close to stop. */
	AutoCloseable onTermination(String gatewayInstance, Consumer<SessionTermination> listener);

}
