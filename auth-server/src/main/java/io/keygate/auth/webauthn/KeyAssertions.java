package io.keygate.auth.webauthn;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import io.keygate.auth.account.AccountRepository;
import io.keygate.auth.account.UserAccount;
import io.keygate.auth.web.RefusedException;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.auth.throttle.UnauthenticatedAuditThrottle;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.audit.Severity;

/**
 * Verifies hardware-key assertions for sign-in and for step-up (a fresh key touch bound to one
 * action, e.g. approving access request X). Both paths: the credential must be registered and
 * its owner active, the signature and user verification must verify against the expected
 * challenge, and the signature counter must move forward — stored with a compare-and-set so that
 * two uses of a cloned key cannot both pass. Every outcome is audited.
 */
@Component
public class KeyAssertions {

	private static final Logger log = LoggerFactory.getLogger(KeyAssertions.class);

	private final RelyingParty relyingParty;

	private final CredentialRepository credentials;

	private final AccountRepository accounts;

	private final AuditLog audit;

	private final Clock clock;

	private final UnauthenticatedAuditThrottle refusals;

	/** The development switch: keys of Chromium's virtual authenticator sign in only while it is on. */
	private final boolean developmentAuthenticatorsAllowed;

	public KeyAssertions(RelyingParty relyingParty, CredentialRepository credentials, AccountRepository accounts, AuditLog audit,
			Clock clock, WebAuthnProperties properties, UnauthenticatedAuditThrottle refusals) {
		this.refusals = refusals;
		this.developmentAuthenticatorsAllowed = properties.allowChromiumVirtualAuthenticator();
		this.relyingParty = relyingParty;
		this.credentials = credentials;
		this.accounts = accounts;
		this.audit = audit;
		this.clock = clock;
	}

	/** The two assertion ceremonies and what each writes to the audit chain. */
	private enum Ceremony {

		SIGN_IN(AuditAction.WEBAUTHN_SIGNIN_SUCCEEDED, AuditAction.WEBAUTHN_SIGNIN_REFUSED),
		STEP_UP(AuditAction.WEBAUTHN_STEPUP_SUCCEEDED, AuditAction.WEBAUTHN_STEPUP_REFUSED);

		private final AuditAction succeeded;

		private final AuditAction refused;

		Ceremony(AuditAction succeeded, AuditAction refused) {
			this.succeeded = succeeded;
			this.refused = refused;
		}

	}

	/** A verified assertion and the account it belongs to. */
	public record Verified(UserAccount account, AssertionEvidence evidence) {
	}

	/**
	 * Discoverable-credential sign-in: the key says who it belongs to (user handle), nobody types
	 * a name. Refusals all carry the same message to the person.
	 */
	public Verified signIn(String credentialJson, byte[] expectedChallenge, String clientAddress) {
		return verify(credentialJson, expectedChallenge, Optional.empty(), Ceremony.SIGN_IN, "", clientAddress);
	}

	/**
	 * Request options for a step-up: the challenge the caller computed (bound to its action) and
	 * {@code subject}'s registered keys.
	 */
	public Map<String, Object> stepUpOptions(String subject, byte[] challenge) {
		return this.relyingParty.requestOptions(challenge, this.credentials.findBySubject(subject));
	}

	/**
	 * Step-up: verifies that {@code subject} just touched one of their own registered keys, with
	 * user verification, answering exactly {@code expectedChallenge}. The caller makes the
	 * challenge (e.g. a hash of a request id and a nonce it keeps) and so binds the touch to its
	 * action. Advances the signature counter; refuses with a typed {@link RefusedException}.
	 *
	 * @param purpose a short audit label such as {@code request.approve}
	 * @param reference what the touch is bound to (e.g. the request id), for the audit chain
	 */
	public AssertionEvidence stepUp(String subject, byte[] expectedChallenge, String credentialJson, String purpose,
			String reference, String clientAddress) {
		return verify(credentialJson, expectedChallenge, Optional.of(subject), Ceremony.STEP_UP, purpose + " " + reference,
				clientAddress).evidence();
	}

	private Verified verify(String credentialJson, byte[] expectedChallenge, Optional<String> requiredSubject, Ceremony ceremony,
			String context, String clientAddress) {
		String actor = requiredSubject.orElse("");
		String organisation = "";
		String credentialId = "";
		try {
			RelyingParty.ClaimedAssertion claimed = this.relyingParty.claim(credentialJson);
			credentialId = claimed.credentialId();
			StoredCredential credential = this.credentials.findById(claimed.credentialId())
				.orElseThrow(() -> new RefusedException(WebAuthnRefusal.UNKNOWN_CREDENTIAL, "credential not registered"));
			if (!this.developmentAuthenticatorsAllowed && this.credentials.developmentAuthenticator(credential.credentialId())) {
				throw new RefusedException(WebAuthnRefusal.DEVELOPMENT_AUTHENTICATOR,
						"key of Chromium's virtual authenticator, and keygate.webauthn.allow-chromium-virtual-authenticator is off");
			}
			UserAccount account = this.accounts.findBySubject(credential.subject())
				.orElseThrow(() -> new RefusedException(WebAuthnRefusal.UNKNOWN_CREDENTIAL, "credential has no account"));
			actor = account.subject();
			organisation = account.organisation();
			if (requiredSubject.isPresent() && !requiredSubject.get().equals(account.subject())) {
				throw new RefusedException(WebAuthnRefusal.WRONG_USER,
						"key belongs to " + account.subject() + ", not to " + requiredSubject.get());
			}
			if (claimed.userHandle() != null && !claimed.userHandle().equals(account.userHandle())) {
				throw new RefusedException(WebAuthnRefusal.UNKNOWN_CREDENTIAL, "user handle does not match the credential");
			}
			if (this.credentials.quarantined(credential.credentialId())) {
				// Said only to whoever holds the key: its signature is checked first, so a credential
				// id alone tells nobody that the key was quarantined.
				this.relyingParty.verifyAssertion(claimed, credential, expectedChallenge);
				throw new RefusedException(WebAuthnRefusal.KEY_QUARANTINED, "key quarantined by a breach declaration");
			}
			if (!account.isActive()) {
				throw new RefusedException(WebAuthnRefusal.ACCOUNT_DISABLED, "account is " + account.status());
			}
			AssertionEvidence evidence = this.relyingParty.verifyAssertion(claimed, credential, expectedChallenge);
			if (!this.credentials.advanceCounter(credential.credentialId(), credential.signatureCount(), evidence.signatureCount(),
					evidence.verifiedAt())) {
				throw new RefusedException(WebAuthnRefusal.COUNTER_REGRESSION,
						"signature counter changed concurrently (stored " + credential.signatureCount() + ")");
			}
			this.audit.append(AuditEntry.builder(ceremony.succeeded, this.clock.instant())
				.actor(actor)
				.organisation(organisation)
				.outcome("SUCCEEDED")
				.clientAddress(clientAddress)
				.detail("credentialId", credentialId)
				.detail("signatureCount", evidence.signatureCount())
				.detail("context", context)
				.build());
			return new Verified(account, evidence);
		}
		catch (RefusedException ex) {
			boolean cloned = ex.refusal() == WebAuthnRefusal.COUNTER_REGRESSION;
			log.info("{} refused ({}): {}", ceremony.refused.action(), ex.refusal().name(), ex.getMessage());
			AuditEntry refusal = AuditEntry.builder(cloned ? AuditAction.WEBAUTHN_COUNTER_REGRESSION : ceremony.refused, this.clock.instant())
				.actor(actor)
				.organisation(organisation)
				.outcome("REFUSED")
				.reason(ex.refusal().name())
				.clientAddress(clientAddress)
				.severity(cloned ? Severity.HIGH : Severity.WARNING)
				.detail("credentialId", truncate(credentialId))
				.detail("detail", truncate(ex.getMessage()))
				.detail("context", context)
				.build();
			if (ceremony == Ceremony.SIGN_IN && !cloned) {
				// Anyone can fail a sign-in ceremony: counted per address, not a row each. A cloned
				// key and a signed-in person's step-up are always written in full.
				this.refusals.refused(refusal);
			}
			else {
				this.audit.append(refusal);
			}
			throw ex;
		}
	}

	static String truncate(String value) {
		if (value == null) {
			return "";
		}
		return value.length() <= 300 ? value : value.substring(0, 300) + "...";
	}

	/** The registered keys of {@code subject}, oldest first. */
	public List<StoredCredential> keysOf(String subject) {
		return this.credentials.findBySubject(subject);
	}

}
