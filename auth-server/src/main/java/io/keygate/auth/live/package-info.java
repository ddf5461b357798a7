/**
 * The live view (issue 16): who is connected through which gateway right now, gateways that went
 * silent, Terminate per session; and the vendor's own sessions with the time left and warnings
 * before their grant ends. Reads {@link io.keygate.policy.live.LiveSessionBoard} and
 * {@link io.keygate.policy.presence.GatewayPresence}, which the gateways write.
 */
package io.keygate.auth.live;
