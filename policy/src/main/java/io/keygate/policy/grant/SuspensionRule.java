package io.keygate.policy.grant;

import java.util.Objects;
import java.util.Optional;

import io.keygate.policy.identity.Actor;
import io.keygate.policy.request.RefusalReason;

/**
 * Who may suspend a vendor organisation. Whether the actor is staff allowed to suspend at all is
 * the application's authorisation; this is the domain's own rule on top of it.
 */
public final class SuspensionRule {

	private SuspensionRule() {
	}

	/**
	 * Why {@code actor} may not suspend {@code organisation}, or empty. An approver never suspends
	 * their own organisation: the kill switch answers a vendor's breach, and one's own organisation is
	 * never the vendor under review (as an approver never reviews their own organisation's requests).
	 */
	public static Optional<RefusalReason> refusal(Actor actor, String organisation) {
		Objects.requireNonNull(actor, "actor cannot be null");
		Objects.requireNonNull(organisation, "organisation cannot be null");
		if (isOwnOrganisation(actor, organisation)) {
			return Optional.of(RefusalReason.OWN_ORGANISATION_SUSPENSION);
		}
		return Optional.empty();
	}

	/** Whether {@code organisation} is the actor's own, which pages show instead of a suspend button. */
	public static boolean isOwnOrganisation(Actor actor, String organisation) {
		return organisation.equals(actor.organisation());
	}

}
