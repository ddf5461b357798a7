package io.keygate.auth.webauthn;

import org.springframework.http.HttpStatus;

import io.keygate.auth.web.Refusal;

/**
 * Every reason Keygate refuses a WebAuthn ceremony. The message is what the person sees: short,
 * clear, and never a hint an attacker could use (sign-in failures all say the same thing so that
 * nobody learns whether a key or an account exists; for the same reason refusals that share a
 * sentence share the {@link #code()} the client gets). The name is what the log and the audit chain
 * record.
 */
public enum WebAuthnRefusal implements Refusal {

	MALFORMED(HttpStatus.BAD_REQUEST, "The security key response could not be read. Please try again."),
	NO_CEREMONY("CEREMONY_EXPIRED", HttpStatus.BAD_REQUEST, "This security key request has expired or was already used. Please start again."),
	CHALLENGE_EXPIRED("CEREMONY_EXPIRED", HttpStatus.BAD_REQUEST, "This security key request has expired or was already used. Please start again."),
	CHALLENGE_MISMATCH("CEREMONY_EXPIRED", HttpStatus.BAD_REQUEST, "This security key request has expired or was already used. Please start again."),
	WRONG_ORIGIN("WRONG_SITE", HttpStatus.BAD_REQUEST, "This security key response was made for a different site."),
	WRONG_RP_ID("WRONG_SITE", HttpStatus.BAD_REQUEST, "This security key response was made for a different site."),
	ATTESTATION_MISSING("KEY_NOT_APPROVED", HttpStatus.FORBIDDEN, "This authenticator is not an approved hardware security key."),
	/**
	 * Registration only (the person holds a valid invitation, so there is nothing to enumerate):
	 * say plainly that the key's maker is not trusted here, rather than the generic sentence.
	 */
	ATTESTATION_UNTRUSTED(HttpStatus.FORBIDDEN,
			"This security key was refused: its maker's attestation certificate does not lead to a root this site trusts. "
					+ "Use a hardware key from an approved vendor, or ask your security team to trust this one."),
	ATTESTATION_INVALID("KEY_NOT_APPROVED", HttpStatus.FORBIDDEN, "This authenticator is not an approved hardware security key."),
	AAGUID_NOT_ALLOWED(HttpStatus.FORBIDDEN, "This model of security key is not approved here."),
	AUTHENTICATOR_REVOKED(HttpStatus.FORBIDDEN,
			"This model of security key has been withdrawn by the FIDO Metadata Service for security reasons. Please use a different key."),
	BACKUP_ELIGIBLE(HttpStatus.FORBIDDEN,
			"This is a synced passkey (it can be copied to other devices), and synced passkeys are not accepted. Please use a hardware security key."),
	USER_NOT_VERIFIED(HttpStatus.FORBIDDEN,
			"Your security key did not check your PIN (or fingerprint). Set a PIN on the key and enter it when asked."),
	USER_NOT_PRESENT(HttpStatus.FORBIDDEN, "Please touch your security key."),
	ALGORITHM_NOT_ALLOWED("KEY_NOT_APPROVED", HttpStatus.FORBIDDEN, "This authenticator is not an approved hardware security key."),
	CREDENTIAL_ALREADY_REGISTERED(HttpStatus.CONFLICT, "This security key is already registered."),
	/** Sign-in failures share one message: no account or key enumeration. */
	UNKNOWN_CREDENTIAL("SIGN_IN_FAILED", HttpStatus.UNAUTHORIZED, "Sign-in failed. Use a registered security key and try again."),
	ACCOUNT_DISABLED("SIGN_IN_FAILED", HttpStatus.UNAUTHORIZED, "Sign-in failed. Use a registered security key and try again."),
	/** A key of Chromium's virtual authenticator while the development switch is off (the log says so, the client does not). */
	DEVELOPMENT_AUTHENTICATOR("SIGN_IN_FAILED", HttpStatus.UNAUTHORIZED, "Sign-in failed. Use a registered security key and try again."),
	BAD_SIGNATURE("SIGN_IN_FAILED", HttpStatus.UNAUTHORIZED, "Sign-in failed. Use a registered security key and try again."),
	/** A signature counter went backwards: the key has probably been cloned. */
	COUNTER_REGRESSION(HttpStatus.UNAUTHORIZED,
			"Sign-in refused: this security key may have been copied. Your security team has been alerted."),
	WRONG_USER(HttpStatus.FORBIDDEN, "Please use one of your own registered security keys."),
	/** Quarantined by a breach declaration (issue 15); told only after the key's signature verified. */
	KEY_QUARANTINED(HttpStatus.FORBIDDEN, "This security key was quarantined after a security incident at your organisation. "
			+ "Ask a security admin to re-enroll you with a new key.");

	private final String code;

	private final HttpStatus status;

	private final String message;

	WebAuthnRefusal(HttpStatus status, String message) {
		this(null, status, message);
	}

	/** A refusal the client must not tell apart from the others with the same {@code code} and sentence. */
	WebAuthnRefusal(String code, HttpStatus status, String message) {
		this.code = code;
		this.status = status;
		this.message = message;
	}

	@Override
	public String code() {
		return this.code == null ? name() : this.code;
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
