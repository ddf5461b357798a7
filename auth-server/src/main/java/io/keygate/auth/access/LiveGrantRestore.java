package io.keygate.auth.access;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.support.TransactionTemplate;

import io.keygate.auth.access.grant.GrantHistoryRepository;
import io.keygate.auth.access.grant.GrantRecord;
import io.keygate.auth.account.AccountRepository;
import io.keygate.auth.account.UserStatus;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantLookup;
import io.keygate.policy.grant.GrantStore;
import io.keygate.policy.grant.InMemoryGrantStore;

/**
 * After a restart of the embedded mode the in-memory grant store is empty while history still
 * calls grants live: the portal would show "LIVE, 12 min left", refuse new approvals as
 * overlapping, and the gateway would deny. At start each such grant is put back when its holder's
 * account is still active and its organisation not suspended, otherwise ended in history with the
 * reason; either way it is audited. Afterwards portal, API and gateway agree again.
 * <p>
 * Only for the in-memory store: a shared store (Redis) keeps its grants across an auth-server
 * restart, and writing history back into it while another replica is revoking could undo that
 * revocation. Scheduled grants are the activation job's.
 */
public final class LiveGrantRestore {

	private static final Logger log = LoggerFactory.getLogger(LiveGrantRestore.class);

	/** What one pass did, by grant id. */
	public record Outcome(List<String> restored, List<String> ended) {

		public Outcome {
			restored = List.copyOf(restored);
			ended = List.copyOf(ended);
		}

	}

	private final GrantHistoryRepository history;

	private final GrantStore grantStore;

	private final AccountRepository accounts;

	private final AccessEvents events;

	private final TransactionTemplate tx;

	private final Clock clock;

	public LiveGrantRestore(GrantHistoryRepository history, GrantStore grantStore, AccountRepository accounts,
			AccessEvents events, TransactionTemplate tx, Clock clock) {
		this.history = history;
		this.grantStore = grantStore;
		this.accounts = accounts;
		this.events = events;
		this.tx = tx;
		this.clock = clock;
	}

	@EventListener(ApplicationReadyEvent.class)
	public Outcome restore() {
		List<String> restored = new ArrayList<>();
		List<String> ended = new ArrayList<>();
		if (!(this.grantStore instanceof InMemoryGrantStore)) {
			return new Outcome(restored, ended);
		}
		Instant now = this.clock.instant();
		Set<String> suspended = this.history.currentlySuspended();
		for (GrantRecord record : this.history.findCurrent(now)) {
			if (!record.isLiveAt(now) || inStore(record.grant())) {
				continue;
			}
			try {
				Boolean put = this.tx.execute(status -> restoreOne(record.grant(), suspended, now));
				(Boolean.TRUE.equals(put) ? restored : ended).add(record.grant().id());
			}
			catch (RuntimeException ex) {
				log.error("Could not restore or end live grant {} after the restart; history still calls it live",
						record.grant().id(), ex);
			}
		}
		if (!restored.isEmpty() || !ended.isEmpty()) {
			log.warn("Grant store was missing live grants after the restart: {} restored from history, {} ended ({})",
					restored.size(), ended.size(), ended);
		}
		return new Outcome(restored, ended);
	}

	private boolean inStore(Grant grant) {
		return this.grantStore.lookup(grant.subject(), grant.organisation(),
				grant.targetId()) instanceof GrantLookup.Live live && live.grant().id().equals(grant.id());
	}

	/** True when put back; false when ended in history (with why). */
	private boolean restoreOne(Grant grant, Set<String> suspended, Instant now) {
		String why;
		UserStatus status = this.accounts.lockStatus(grant.subject()).orElse(UserStatus.DELETED);
		if (status != UserStatus.ACTIVE) {
			why = "account of " + grant.subject() + " is " + status.label();
		}
		else if (suspended.contains(grant.organisation())) {
			why = "organisation " + grant.organisation() + " is suspended";
		}
		else {
			GrantStore.PutResult put = this.grantStore.put(grant);
			if (put == GrantStore.PutResult.STORED) {
				this.events.grantRestored(grant, now);
				return true;
			}
			why = "grant store said " + put;
		}
		String reason = "ended at restart: " + why;
		this.history.markEnded(List.of(grant.id()), now, AccessEvents.SYSTEM_ACTOR, reason);
		this.events.grantEndedAtRestart(grant, reason, now);
		return false;
	}

}
