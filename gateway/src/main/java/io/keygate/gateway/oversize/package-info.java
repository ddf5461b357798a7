/**
 * Requests too large to be worth reading (issue 18): an over-long request line answers 414 and
 * over-large headers 431, with the gateway's own page instead of Reactor Netty's bare status. Two
 * layers: {@link io.keygate.gateway.oversize.OversizeFilter} enforces Keygate's limits on requests
 * Netty could decode (its limits are set above Keygate's), and
 * {@link io.keygate.gateway.oversize.DecoderRefusalPage} dresses Netty's own refusal of anything
 * larger still.
 */
package io.keygate.gateway.oversize;
