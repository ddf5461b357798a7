/**
 * Session transcripts at the gateway: a non-secret id linking a browser session's audited
 * requests, and the redacted, size-capped bodies of state-changing requests on targets that
 * enable them (optionally sealed to a public key the utility holds).
 */
package io.keygate.gateway.transcript;
