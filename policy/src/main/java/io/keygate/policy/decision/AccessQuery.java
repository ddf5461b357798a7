package io.keygate.policy.decision;

/**
 * One request as the gateway saw it: who (from the verified sign-in), which target, the HTTP
 * method and the raw, still percent-encoded path relative to the target. Deliberately unvalidated:
 * validating is the decision's job, so a malformed query becomes a {@code MALFORMED_REQUEST} deny
 * rather than an exception.
 */
public record AccessQuery(String subject, String organisation, String targetId, String method, String rawPath) {
}
