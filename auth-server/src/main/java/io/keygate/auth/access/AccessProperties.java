package io.keygate.auth.access;

import java.time.Duration;
import java.util.Set;

import jakarta.validation.Valid;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import io.keygate.policy.request.ApprovalRule;

/**
 * {@code keygate.access.*}: how long a pending request waits, how many approvals a request needs,
 * how the approver's step-up key touch is checked, which time zone the portal shows and reads times in
 * and "off-hours" is judged in ({@code businessZone}, bound from {@code keygate.portal.time-zone}), and how
 * often approved grants whose window starts later are looked at ({@code activationInterval}: such a
 * grant starts within one interval after its {@code notBefore}, never before).
 */
@Validated
@ConfigurationProperties("keygate.access")
public record AccessProperties(@DefaultValue("PT24H") Duration pendingLifetime,
		@DefaultValue("PT1M") Duration expirySweepInterval, @DefaultValue @Valid Approvals approvals,
		@DefaultValue @Valid StepUp stepUp, String businessZone,
		@DefaultValue("PT5S") Duration activationInterval) {

	public AccessProperties {
		requirePositive(pendingLifetime, "keygate.access.pending-lifetime");
		requirePositive(expirySweepInterval, "keygate.access.expiry-sweep-interval");
		requirePositive(activationInterval, "keygate.access.activation-interval");
		// No silent default: every page, form and hint reads times in this zone, and a guess (the
		// server's own zone, or a vendor's HQ) would make "14:00" mean different hours to different people.
		if (businessZone == null || businessZone.isBlank()) {
			throw new IllegalArgumentException("keygate.portal.time-zone must be set to the utility's business time zone "
					+ "(an IANA name such as Europe/Berlin): every time on the portal is shown and entered in it");
		}
		try {
			java.time.ZoneId.of(businessZone);
		}
		catch (java.time.DateTimeException ex) {
			throw new IllegalArgumentException("keygate.portal.time-zone is not a time zone: '" + businessZone + "'", ex);
		}
	}

	static void requirePositive(Duration duration, String property) {
		if (duration == null || duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException(property + " must be a positive duration, was " + duration);
		}
	}

	/** Approvals needed: {@code standard} for standard targets, {@code critical} for critical ones and sensitive levels. */
	public record Approvals(@DefaultValue("1") int standard, @DefaultValue("2") int critical,
			@DefaultValue("firmware") Set<String> sensitiveLevels) {

		public ApprovalRule rule() {
			return new ApprovalRule(this.standard, this.critical, this.sensitiveLevels);
		}

	}

	/**
	 * The approver's fresh key touch. The relying party (RP ID, origins) is the sign-in one
	 * ({@code keygate.webauthn.*}); {@code challengeLifetime} is short because a step-up proves
	 * presence now.
	 */
	public record StepUp(@DefaultValue("PT2M") Duration challengeLifetime) {

		public StepUp {
			requirePositive(challengeLifetime, "keygate.access.step-up.challenge-lifetime");
			if (challengeLifetime.compareTo(Duration.ofMinutes(10)) > 0) {
				throw new IllegalArgumentException(
						"keygate.access.step-up.challenge-lifetime must be at most 10 minutes, was " + challengeLifetime);
			}
		}

	}

}
