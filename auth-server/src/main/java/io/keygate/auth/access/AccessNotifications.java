package io.keygate.auth.access;

import java.util.List;

import io.keygate.policy.request.AccessRequest;

/**
 * What the people-facing channels (mail, chat) learn of access events. Called by
 * {@link AccessEvents} inside the transaction of the change, so what it queues in the outbox
 * commits or rolls back with it. {@link #NONE} when notifications are not wired (some tests).
 */
public interface AccessNotifications {

	AccessNotifications NONE = new AccessNotifications() {
	};

	/** A new request: approvers who can decide it are told; returns the sentence the requester reads. */
	default String submitted(AccessRequest request) {
		return "";
	}

	/** {@code decision}: approved, denied or expired; the requester is told. */
	default void decided(AccessRequest request, String decision) {
	}

	/** Grants ended by revocation, suspension or cut-off; each holder is told. */
	default void revoked(List<String> grantIds, String why) {
	}

	/** What the requester's page says about who was told of {@code requestId}; empty when nothing was recorded. */
	default String toldSentence(String requestId) {
		return "";
	}

	/** The link to the page where {@code requestId} is decided, for payloads; empty when unknown. */
	default String approvalLink(String requestId) {
		return "";
	}

}
