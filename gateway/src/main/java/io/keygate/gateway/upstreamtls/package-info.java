/**
 * TLS from the gateway to its targets: which certificate authority each {@code https} target's
 * certificate must chain to, host-name verification, and the 502 a failed handshake answers.
 */
package io.keygate.gateway.upstreamtls;
