package io.keygate.policy.decision;

import java.util.Objects;

import io.keygate.policy.shape.RequestShape;

/**
 * One request as the gateway saw it: who (from the verified sign-in), which target, the HTTP
 * method and the raw, still percent-encoded path relative to the target, and its {@link RequestShape}
 * (headers, parameters, body, origin). Deliberately unvalidated: validating is the decision's job,
 * so a malformed query becomes a {@code MALFORMED_REQUEST} deny rather than an exception.
 */
public record AccessQuery(String subject, String organisation, String targetId, String method, String rawPath,
		RequestShape shape) {

	public AccessQuery {
		Objects.requireNonNull(shape, "shape cannot be null");
	}

	/** A plain body-less request: for callers that ask about method and path only. */
	public AccessQuery(String subject, String organisation, String targetId, String method, String rawPath) {
		this(subject, organisation, targetId, method, rawPath, RequestShape.PLAIN);
	}

}
