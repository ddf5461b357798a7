package io.keygate.policy.request;

import java.time.Instant;
import java.util.Objects;

import io.keygate.policy.Names;

/**
 * One approver's yes. {@code evidence} is the reference to the WebAuthn assertion that bound
 * this approval to the request (kept by the auth server); the rules only require that there is one.
 */
public record Approval(String approver, String organisation, Instant at, String comment, String evidence) {

	public Approval {
		Names.requireToken(approver, "approver");
		Names.requireToken(organisation, "approver organisation");
		Objects.requireNonNull(at, "at cannot be null");
		comment = comment == null ? "" : comment;
		if (evidence == null || evidence.isBlank()) {
			throw new IllegalArgumentException("an approval needs evidence of a fresh key assertion");
		}
	}

}
