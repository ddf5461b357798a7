package io.keygate.auth.access.webhook;

/**
 * Every event type Keygate posts to the webhook: one closed list, so that a receiver's routing
 * cannot be broken by a misspelt name. The dotted {@link #type()} is what receivers match on and
 * never changes for an existing constant.
 */
public enum WebhookEvent {
	REQUEST_SUBMITTED("request.submitted"),
	REQUEST_APPROVAL("request.approval"),
	REQUEST_APPROVED("request.approved"),
	REQUEST_DENIED("request.denied"),
	REQUEST_CANCELLED("request.cancelled"),
	REQUEST_EXPIRED("request.expired"),
	GRANT_ISSUED("grant.issued"),
	GRANT_SCHEDULED("grant.scheduled"),
	GRANT_ACTIVATED("grant.activated"),
	GRANT_ACTIVATION_REFUSED("grant.activation-refused"),
	GRANT_EXPIRED("grant.expired"),
	GRANT_REVOKED("grant.revoked"),
	ORGANISATION_SUSPENDED("organisation.suspended"),
	ORGANISATION_RESUMED("organisation.resumed"),
	// Separation of duties on identities: each names the admin who asked and the one who confirmed.
	IDENTITY_INVITATION_AWAITING_CONFIRMATION("identity.invitation.awaiting-confirmation"),
	IDENTITY_INVITATION_CONFIRMED("identity.invitation.confirmed"),
	IDENTITY_ENROLLED("identity.enrolled"),
	IDENTITY_SINGLE_ADMIN_BOOTSTRAP("identity.single-admin-bootstrap"),
	ACCOUNT_ENABLED("account.enabled");

	private final String type;

	WebhookEvent(String type) {
		this.type = type;
	}

	/** The dotted name the payload carries as {@code type}, e.g. {@code grant.revoked}. */
	public String type() {
		return this.type;
	}

}
