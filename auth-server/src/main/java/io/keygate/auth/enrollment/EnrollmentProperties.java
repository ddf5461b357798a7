package io.keygate.auth.enrollment;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Enrollment settings ({@code keygate.enrollment.*}).
 *
 * @param invitationTtl how long an invitation link works (24 hours unless configured)
 * @param baseUrl the public URL links start with; the first WebAuthn origin when not set
 * @param firstAdminEmail the e-mail (and subject) of the first security admin, whose one-time
 * link is printed at the first start
 * @param firstAdminName the first security admin's display name
 * @param utilityOrganisation the organisation the first security admin belongs to
 */
@Validated
@ConfigurationProperties("keygate.enrollment")
public record EnrollmentProperties(@NotNull @DefaultValue("PT24H") Duration invitationTtl, String baseUrl,
		@NotBlank @DefaultValue("security-admin@keygate.local") String firstAdminEmail,
		@NotBlank @DefaultValue("Security admin") String firstAdminName,
		@NotBlank @DefaultValue("utility") String utilityOrganisation) {

	public EnrollmentProperties {
		if (invitationTtl != null && (invitationTtl.isNegative() || invitationTtl.isZero()
				|| invitationTtl.compareTo(Duration.ofDays(30)) > 0)) {
			throw new IllegalArgumentException("keygate.enrollment.invitation-ttl must be between 1 second and 30 days, was "
					+ invitationTtl);
		}
	}

}
