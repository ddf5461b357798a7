package io.keygate.auth.enrollment;

import org.springframework.http.HttpStatus;

import io.keygate.auth.web.Refusal;

/**
 * Why an enrollment link does not work. The sentences are for the person holding the link; the
 * code is also the reason the audit chain records ({@code enrollment.refused}).
 */
public enum EnrollmentLinkRefusal implements Refusal {

	INVITATION_UNKNOWN(HttpStatus.NOT_FOUND, "This enrollment link is not valid. Ask your security admin for a new one."),
	INVITATION_USED(HttpStatus.GONE, "This enrollment link has already been used. Ask your security admin for a new one."),
	INVITATION_EXPIRED(HttpStatus.GONE, "This enrollment link has expired. Ask your security admin for a new one."),
	INVITATION_REVOKED(HttpStatus.GONE, "This enrollment link was withdrawn. Ask your security admin for a new one."),
	/** The link of a privileged identity or a re-enrollment works only once a second security admin confirmed it. */
	INVITATION_AWAITING_CONFIRMATION(HttpStatus.FORBIDDEN,
			"This enrollment link works only after a second security admin has confirmed it. Try again once they have."),
	/**
	 * A link for a new account, opened when an account with that e-mail exists: only a re-enrollment
	 * confirmed by a second security admin may touch an existing account.
	 */
	ACCOUNT_EXISTS(HttpStatus.CONFLICT, "This enrollment link cannot be used for an existing account. Ask your security admin."),
	/** Enrollment never changes an account's status: a disabled account stays disabled whatever link is opened. */
	ACCOUNT_DISABLED(HttpStatus.FORBIDDEN, "This account is disabled. Ask your security admin.");

	private final HttpStatus status;

	private final String message;

	EnrollmentLinkRefusal(HttpStatus status, String message) {
		this.status = status;
		this.message = message;
	}

	@Override
	public HttpStatus status() {
		return this.status;
	}

	@Override
	public String message() {
		return this.message;
	}

}
