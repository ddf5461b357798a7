package io.keygate.auth.access;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

import io.keygate.auth.access.grant.GrantHistoryRepository;
import io.keygate.auth.access.grant.GrantRecord;
import io.keygate.auth.account.AccountRepository;
import io.keygate.auth.account.UserStatus;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantLookup;
import io.keygate.policy.grant.GrantStore;

/**
 * Writes approved grants whose window starts later into the grant store when their
 * {@code notBefore} arrives. They are not written at approval because the store keeps one grant
 * per (person, target) and a write supersedes the earlier one: tomorrow's grant written today would
 * end the access the person holds now. A scheduled grant therefore starts within one
 * {@code keygate.access.activation-interval} after its {@code notBefore}, never before.
 * <p>
 * Every replica runs this job against the shared database. A grant is claimed by a conditional
 * update (SCHEDULED to ACTIVATED) in the same transaction as its write to the store, so it is
 * written exactly once: a second replica's claim waits on the row lock and then finds the row no
 * longer scheduled. If the store cannot be reached the transaction rolls back and the next tick
 * tries again; if the commit fails after the write, the grant is taken out of the store again.
 * Revocation and suspension cancel scheduled grants in their own transaction (see
 * {@link GrantRevocation} and {@link OrganisationSuspension}), so a cancelled grant is never claimed.
 * <p>
 * A scheduled grant whose window passes without activation (no replica ran, or the store was
 * down all along) is marked expired and never written.
 */
public final class GrantActivationJob {

	private static final Logger log = LoggerFactory.getLogger(GrantActivationJob.class);

	private static final int BATCH = 500;

	private static final String ACTOR = AccessEvents.SYSTEM_ACTOR;

	private final GrantHistoryRepository history;

	private final GrantStore grantStore;

	private final AccountRepository accounts;

	private final AccessEvents events;

	private final TransactionTemplate tx;

	private final Clock clock;

	public GrantActivationJob(GrantHistoryRepository history, GrantStore grantStore, AccountRepository accounts,
			AccessEvents events, TransactionTemplate tx, Clock clock) {
		this.history = history;
		this.accounts = accounts;
		this.grantStore = grantStore;
		this.events = events;
		this.tx = tx;
		this.clock = clock;
	}

	/** What one tick did, by grant id. A grant another replica took, or that failed and will be retried, is in none. */
	public record Tick(List<String> activated, List<String> refused, List<String> expired) {

		public Tick {
			activated = List.copyOf(activated);
			refused = List.copyOf(refused);
			expired = List.copyOf(expired);
		}

	}

	private enum Outcome {
		ACTIVATED, REFUSED, EXPIRED, NOT_OURS
	}

	@Scheduled(fixedDelayString = "${keygate.access.activation-interval:PT5S}",
			initialDelayString = "${keygate.access.activation-interval:PT5S}")
	public Tick activateDue() {
		Instant now = this.clock.instant();
		List<String> activated = new ArrayList<>();
		List<String> refused = new ArrayList<>();
		List<String> expired = new ArrayList<>();
		try {
			for (GrantRecord lapsed : this.history.findLapsedUnactivated(now, BATCH)) {
				if (expireLapsed(lapsed, now)) {
					expired.add(lapsed.grant().id());
				}
			}
			for (GrantRecord due : this.history.findDueForActivation(now, BATCH)) {
				Outcome outcome = activate(due, now);
				switch (outcome) {
					case ACTIVATED:
						activated.add(due.grant().id());
						break;
					case REFUSED:
						refused.add(due.grant().id());
						break;
					case EXPIRED:
						expired.add(due.grant().id());
						break;
					default:
						break;
				}
			}
		}
		catch (DataAccessException ex) {
			log.warn("Grant activation failed, will retry at the next tick: {}", ex.toString());
		}
		return new Tick(activated, refused, expired);
	}

	private boolean expireLapsed(GrantRecord lapsed, Instant now) {
		Grant grant = lapsed.grant();
		return Boolean.TRUE.equals(this.tx.execute(status -> {
			if (!this.history.expireUnactivated(grant.id(), now, false)) {
				return false;
			}
			log.warn("Grant {} of {} on {} was never activated: its window ended at {}", grant.id(), grant.subject(),
					grant.targetId(), grant.notAfter());
			this.events.grantLapsed(grant, now);
			return true;
		}));
	}

	private Outcome activate(GrantRecord due, Instant now) {
		Grant grant = due.grant();
		Grant[] stored = new Grant[1];
		try {
			return this.tx.execute(status -> {
				// The holder's account row locked first, as a cut-off locks it before the grant rows
				// (the other order could deadlock with one): a cut-off either committed before (the
				// status is seen here, and it cancelled the grant so the claim fails) or waits for
				// this activation and then revokes the grant from the store.
				boolean active = this.accounts.lockStatus(grant.subject()).filter(UserStatus.ACTIVE::equals).isPresent();
				if (!this.history.claimActivation(grant.id(), now)) {
					// Another replica activated it, or a revocation cancelled it first.
					return Outcome.NOT_OURS;
				}
				if (!active) {
					return refuse(grant, now, "account of " + grant.subject() + " is not active");
				}
				if (this.history.suspendedAfter(grant.organisation(), due.issuedAt())) {
					// Approved while a suspension was being written, which did not see it:
					// resuming later does not bring grants of before the suspension back.
					return refuse(grant, now, "organisation suspended after approval");
				}
				// Overlap is refused at approval; two approvals committed at the same moment can
				// still leave one live here. Then the store's rule holds: the grant whose window
				// has just begun supersedes the earlier one, and history says so.
				String superseded = liveOtherGrant(grant);
				GrantStore.PutResult put = this.grantStore.put(grant);
				switch (put) {
					case STORED:
						stored[0] = grant;
						if (superseded != null) {
							this.history.markEnded(List.of(superseded), now, ACTOR, "superseded by grant " + grant.id());
						}
						this.events.grantActivated(grant, superseded, now);
						return Outcome.ACTIVATED;
					case ORGANISATION_SUSPENDED:
						return refuse(grant, now, "organisation suspended");
					default:
						this.history.expireUnactivated(grant.id(), now, true);
						this.events.grantNotStored(grant, put.name(), now);
						return Outcome.EXPIRED;
				}
			});
		}
		catch (RuntimeException ex) {
			if (stored[0] != null) {
				// The store took it but the claim did not commit: take it back, so that the store
				// never holds a grant history calls scheduled. The next tick claims it again.
				try {
					this.grantStore.revoke(grant.id(), "activation rolled back");
				}
				catch (RuntimeException revokeFailed) {
					log.error("Grant {} is in the store but its activation rolled back, and revoking it failed", grant.id(),
							revokeFailed);
				}
			}
			log.warn("Activation of grant {} failed, will retry at the next tick: {}", grant.id(), ex.toString());
			return Outcome.NOT_OURS;
		}
	}

	private Outcome refuse(Grant grant, Instant now, String why) {
		this.history.refuseActivation(grant.id(), now, why);
		this.events.grantActivationRefused(grant, why, now);
		return Outcome.REFUSED;
	}

	/** The id of another live grant of the same person on the same target in the store, or null. */
	private String liveOtherGrant(Grant grant) {
		GrantLookup lookup = this.grantStore.lookup(grant.subject(), grant.organisation(), grant.targetId());
		if (lookup instanceof GrantLookup.Live live && !live.grant().id().equals(grant.id())) {
			return live.grant().id();
		}
		return null;
	}

}
