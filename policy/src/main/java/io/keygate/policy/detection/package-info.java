/**
 * Detections: pure functions over the chained audit stream that turn patterns (a valid account
 * used from a new network, probing for targets, a decoy touched) into {@link io.keygate.policy.detection.Finding}s
 * with an ATT&CK technique. No Spring, no clock, no I/O: the auth server runs them and stores alerts.
 * <p>
 * Convention shared with every part of Keygate that wants a person to look now: an audit entry
 * whose details carry {@code alert.explanation} (and optionally {@code threat.technique.id}) is
 * turned into an alert when it is chained, with the entry's own severity. That is how the gateway
 * (which has no alert store) and any auth-server feature raise an alert: by auditing it.
 */
package io.keygate.policy.detection;
