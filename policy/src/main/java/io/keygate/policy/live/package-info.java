/**
 * Live sessions across every gateway: what each gateway reports with its heartbeat
 * ({@link io.keygate.policy.live.LiveSessionReport}), the board the portal and the evidence pack read
 * ({@link io.keygate.policy.live.LiveSessionBoard}), and the targeted message that ends one session on
 * the gateway that holds it ({@link io.keygate.policy.live.SessionTermination}). Gateway liveness itself is
 * {@link io.keygate.policy.presence.GatewayPresence}. No Spring, no I/O beyond the interfaces.
 */
package io.keygate.policy.live;
