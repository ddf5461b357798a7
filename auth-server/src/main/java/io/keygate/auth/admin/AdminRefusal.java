package io.keygate.auth.admin;

import org.springframework.http.HttpStatus;

import io.keygate.auth.web.Refusal;

/** Why a security admin's call was refused. */
public enum AdminRefusal implements Refusal {

	UNKNOWN_USER(HttpStatus.NOT_FOUND, "No such user."),
	/** An admin cannot lock themselves out through the admin API. */
	SELF_ADMINISTRATION(HttpStatus.CONFLICT, "You cannot disable yourself or revoke your own keys here."),
	SIGNING_KEY_IN_USE(HttpStatus.CONFLICT, "Rotate first: this key still signs tokens."),
	UNKNOWN_SIGNING_KEY(HttpStatus.NOT_FOUND, "No such published signing key."),
	/** A new invitation may not reach an existing account: that is a re-enrollment, which a second admin confirms. */
	ACCOUNT_EXISTS(HttpStatus.CONFLICT,
			"This person already has an account. Re-enroll them instead: a second security admin must confirm it."),
	/** Re-enrolling a disabled account would hand its keys to whoever holds the link; enable it first. */
	ACCOUNT_DISABLED(HttpStatus.CONFLICT, "This account is disabled. Enable it first (with your security key)."),
	/** The lone security admin must say explicitly that they create a privileged identity alone. */
	SINGLE_ADMIN_BOOTSTRAP_REQUIRED(HttpStatus.CONFLICT,
			"You are the only security admin, so nobody can confirm this. Confirm the single-admin bootstrap explicitly "
					+ "(it is audited at HIGH), or invite a second security admin first."),
	/** Re-enrollment always needs two admins, also while there is only one. */
	SECOND_ADMIN_REQUIRED(HttpStatus.CONFLICT,
			"Re-enrolling an account needs a second security admin's confirmation, and you are the only one."),
	UNKNOWN_INVITATION(HttpStatus.NOT_FOUND, "No such invitation awaiting confirmation."),
	/** The second admin must be a second person. */
	OWN_INVITATION(HttpStatus.FORBIDDEN, "Another security admin must confirm an invitation you asked for."),
	NOT_AWAITING_CONFIRMATION(HttpStatus.CONFLICT, "This invitation is not waiting for confirmation any more."),
	CONFIRMATION_INVALID(HttpStatus.FORBIDDEN, "Your security key confirmation was not valid for this action. Touch your key again."),
	NOT_DISABLED(HttpStatus.CONFLICT, "This account is not disabled.");

	private final HttpStatus status;

	private final String message;

	AdminRefusal(HttpStatus status, String message) {
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
