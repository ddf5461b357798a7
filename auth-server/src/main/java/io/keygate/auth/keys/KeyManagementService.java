package io.keygate.auth.keys;

import java.time.Clock;
import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import io.keygate.auth.account.AccountRepository;
import io.keygate.auth.account.UserAccount;
import io.keygate.auth.enrollment.EnrollmentService;
import io.keygate.auth.web.CommonRefusal;
import io.keygate.auth.web.RefusedException;
import io.keygate.auth.webauthn.AssertionEvidence;
import io.keygate.auth.webauthn.CredentialRepository;
import io.keygate.auth.webauthn.KeyAssertions;
import io.keygate.auth.webauthn.RelyingParty;
import io.keygate.auth.webauthn.StoredCredential;
import io.keygate.auth.webauthn.VerifiedKey;
import io.keygate.auth.webauthn.WebAuthnRefusal;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.audit.Severity;

/**
 * A person's own keys: list them, add a backup key (only with a fresh assertion from a key they
 * already have, so a stolen session alone cannot add an attacker's key), remove one (never the
 * last, which would lock them out).
 */
@Service
public class KeyManagementService {

	private final CredentialRepository credentials;

	private final AccountRepository accounts;

	private final RelyingParty relyingParty;

	private final KeyAssertions assertions;

	private final AuditLog audit;

	private final Clock clock;

	private final TransactionTemplate transactions;

	public KeyManagementService(CredentialRepository credentials, AccountRepository accounts, RelyingParty relyingParty,
			KeyAssertions assertions, AuditLog audit, Clock clock, PlatformTransactionManager transactionManager) {
		this.transactions = new TransactionTemplate(transactionManager);
		this.credentials = credentials;
		this.accounts = accounts;
		this.relyingParty = relyingParty;
		this.assertions = assertions;
		this.audit = audit;
		this.clock = clock;
	}

	public List<StoredCredential> keysOf(String subject) {
		return this.credentials.findBySubject(subject);
	}

	public UserAccount account(String subject) {
		return this.accounts.findBySubject(subject)
			.orElseThrow(() -> new RefusedException(CommonRefusal.SIGN_IN_AGAIN, "no account " + subject));
	}

	/** Adds a key after a fresh assertion from an existing one; stores nothing unless both verify. */
	public StoredCredential add(String subject, byte[] assertionChallenge, String assertionJson, byte[] registrationChallenge,
			String registrationJson, String label, String clientAddress) {
		AssertionEvidence evidence = this.assertions.stepUp(subject, assertionChallenge, assertionJson, "key.add", "", clientAddress);
		VerifiedKey key;
		try {
			key = this.relyingParty.verifyRegistration(registrationJson, registrationChallenge);
			if (this.credentials.findById(key.credentialId()).isPresent()) {
				throw new RefusedException(WebAuthnRefusal.CREDENTIAL_ALREADY_REGISTERED,
						"credential " + key.credentialId() + " is already registered");
			}
		}
		catch (RefusedException ex) {
			UserAccount account = account(subject);
			this.audit.append(AuditEntry.builder(AuditAction.WEBAUTHN_REGISTRATION_REFUSED, this.clock.instant())
				.actor(subject)
				.organisation(account.organisation())
				.outcome("REFUSED")
				.reason(ex.refusal().name())
				.clientAddress(clientAddress)
				.severity(Severity.WARNING)
				.detail("detail", ex.getMessage() == null ? "" : ex.getMessage().substring(0, Math.min(300, ex.getMessage().length())))
				.build());
			throw ex;
		}
		UserAccount account = account(subject);
		StoredCredential stored = new StoredCredential(key.credentialId(), subject, EnrollmentService.label(label), key.attestedCredentialData(),
				key.attestationObject(), key.attestationFormat(), key.aaguid().toString(), key.signatureCount(), key.userVerified(),
				key.backupEligible(), key.backupState(), key.transports(), this.clock.instant(), null);
		storeWithAudit(stored, account, evidence, clientAddress);
		return stored;
	}

	private void storeWithAudit(StoredCredential stored, UserAccount account, AssertionEvidence evidence, String clientAddress) {
		this.transactions.executeWithoutResult(status -> insertWithAudit(stored, account, evidence, clientAddress));
	}

	private void insertWithAudit(StoredCredential stored, UserAccount account, AssertionEvidence evidence, String clientAddress) {
		this.credentials.insert(stored);
		this.audit.append(AuditEntry.builder(AuditAction.ACCOUNT_KEY_ADDED, this.clock.instant())
			.actor(account.subject())
			.organisation(account.organisation())
			.outcome("ADDED")
			.clientAddress(clientAddress)
			.detail("credentialId", stored.credentialId())
			.detail("attestationFormat", stored.attestationFormat())
			.detail("aaguid", stored.aaguid())
			.detail("approvedWithCredential", evidence.credentialId())
			.build());
	}

	@Transactional
	public void remove(String subject, String credentialId, String clientAddress) {
		StoredCredential credential = this.credentials.findById(credentialId)
			.filter(found -> found.subject().equals(subject))
			.orElseThrow(() -> new RefusedException(KeyRefusal.UNKNOWN_KEY,
					"credential " + credentialId + " is not one of " + subject + "'s keys"));
		// The account row locked first: two removals at once would each count two keys and leave
		// none, an active account without a key. Serialised, the second one sees the last key.
		this.accounts.lockStatus(subject);
		if (this.credentials.countBySubject(subject) <= 1) {
			throw new RefusedException(KeyRefusal.LAST_KEY, "last key of " + subject);
		}
		this.credentials.delete(credential.credentialId());
		UserAccount account = account(subject);
		this.audit.append(AuditEntry.builder(AuditAction.ACCOUNT_KEY_REMOVED, this.clock.instant())
			.actor(subject)
			.organisation(account.organisation())
			.outcome("REMOVED")
			.clientAddress(clientAddress)
			.detail("credentialId", credentialId)
			.build());
	}

}
