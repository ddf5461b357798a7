package io.keygate.auth.breach;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.springframework.stereotype.Service;

import io.keygate.auth.account.AccountRepository;
import io.keygate.auth.account.UserAccount;
import io.keygate.auth.account.UserStatus;
import io.keygate.auth.audit.JdbcAuditLog;
import io.keygate.auth.webauthn.CredentialRepository;
import io.keygate.auth.webauthn.StoredCredential;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.breach.BreachWindow;
import io.keygate.policy.breach.KeyUse;
import io.keygate.policy.breach.SuspectKeys;

/**
 * Quarantines an organisation's keys that were enrolled or used, inside a breach window, from a
 * network the organisation had not used before it ({@link SuspectKeys}). A quarantined key is
 * refused at sign-in and step-up with its own sentence; its person's account becomes PENDING
 * (sessions ended) until a re-enrollment, confirmed by a second admin, replaces every key they had.
 */
@Service
public class KeyQuarantine {

	/** The audit actions that say a key was enrolled or used, and from where. */
	static final Set<String> KEY_USES = Set.of(AuditAction.WEBAUTHN_SIGNIN_SUCCEEDED.action(),
			AuditAction.WEBAUTHN_STEPUP_SUCCEEDED.action(), AuditAction.ENROLLMENT_COMPLETED.action(),
			AuditAction.ACCOUNT_KEY_ADDED.action());

	private static final int MAX_EVENTS = 200_000;

	private final JdbcAuditLog audit;

	private final CredentialRepository credentials;

	private final AccountRepository accounts;

	private final BreachRepository repository;

	public KeyQuarantine(JdbcAuditLog audit, CredentialRepository credentials, AccountRepository accounts,
			BreachRepository repository) {
		this.audit = audit;
		this.credentials = credentials;
		this.accounts = accounts;
		this.repository = repository;
	}

	/** What a quarantine did: the keys (credential ids) by person. */
	public record Quarantined(Map<String, Set<String>> keysBySubject) {

		public int keys() {
			return this.keysBySubject.values().stream().mapToInt(Set::size).sum();
		}

		public int people() {
			return this.keysBySubject.size();
		}

	}

	/** The uses of {@code organisation}'s keys from {@code lookbackStart} to the window's end, from the audit chain. */
	List<KeyUse> uses(String organisation, Instant lookbackStart, BreachWindow window) {
		List<KeyUse> uses = new ArrayList<>();
		for (AuditEvent event : this.audit.eventsOfOrganisation(organisation, lookbackStart, window.to(), MAX_EVENTS)) {
			var entry = event.entry();
			String credentialId = entry.details().getOrDefault("credentialId", "");
			if (KEY_USES.contains(entry.action()) && entry.organisation().equals(organisation) && !credentialId.isBlank()
					&& !entry.actor().isBlank()) {
				uses.add(new KeyUse(entry.actor(), credentialId, entry.clientAddress(), entry.at()));
			}
		}
		return uses;
	}

	/**
	 * Quarantines the suspect keys that still exist (a key deleted since cannot sign anything) and
	 * makes their people PENDING, with their sessions ended at {@code now}.
	 */
	Quarantined apply(String organisation, BreachWindow window, Instant lookbackStart, String declarationId, Instant now) {
		List<KeyUse> uses = uses(organisation, lookbackStart, window);
		Map<String, Set<String>> bySubject = new TreeMap<>();
		for (String credentialId : SuspectKeys.among(uses, window)) {
			StoredCredential key = this.credentials.findById(credentialId).orElse(null);
			if (key == null) {
				continue;
			}
			UserAccount account = this.accounts.findBySubject(key.subject()).orElse(null);
			if (account == null || !account.organisation().equals(organisation)) {
				continue;
			}
			this.repository.quarantine(credentialId, key.subject(), organisation, declarationId, now);
			bySubject.computeIfAbsent(key.subject(), s -> new TreeSet<>()).add(credentialId);
		}
		for (String subject : bySubject.keySet()) {
			UserAccount account = this.accounts.findBySubject(subject).orElseThrow();
			if (account.status() == UserStatus.ACTIVE) {
				this.accounts.updateStatus(subject, UserStatus.PENDING);
			}
			this.accounts.endSessions(subject, now);
		}
		return new Quarantined(bySubject);
	}

}
