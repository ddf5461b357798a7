package io.keygate.auth.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.keygate.auth.access.RequestSubmission.Submission;
import io.keygate.auth.access.grant.GrantActivation;
import io.keygate.auth.access.grant.GrantHistoryRepository;
import io.keygate.auth.access.request.AccessRequestRepository;
import io.keygate.auth.account.AccountRepository;
import io.keygate.auth.account.UserStatus;
import io.keygate.auth.oidc.OidcAuthorizationRevocation;
import io.keygate.auth.web.RefusedException;
import io.keygate.auth.webauthn.CredentialRepository;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantLookup;
import io.keygate.policy.grant.GrantStore;
import io.keygate.policy.grant.GrantStoreUnavailableException;
import io.keygate.policy.grant.ForwardingGrantStore;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.identity.Role;
import io.keygate.policy.request.RequestState;
import io.keygate.policy.testsupport.MutableClock;

/**
 * {@link AccountCutoff} against a real database (H2 or PostgreSQL by subclass): what a cut-off
 * ends, that it ends it in one transaction with the status change, and that pending approvals of a
 * cut-off approver stop counting.
 */
abstract class AccountCutoffContract {

	static final String IP = "192.0.2.20";

	@Autowired
	AccountCutoff cutoff;

	@Autowired
	RequestSubmission submission;

	@Autowired
	RequestApproval approval;

	@Autowired
	GrantRevocation revocation;

	@Autowired
	AccessRequestRepository requests;

	@Autowired
	GrantHistoryRepository history;

	@Autowired
	GrantStore grantStore;

	@Autowired
	AccountRepository accounts;

	@Autowired
	CredentialRepository credentials;

	@Autowired
	OidcAuthorizationRevocation authorizations;

	@Autowired
	AccessSupport support;

	@Autowired
	AccessEvents events;

	@Autowired
	PlatformTransactionManager transactions;

	@Autowired
	MutableClock clock;

	Actor vendor;

	Actor ann;

	Actor amy;

	Actor admin;

	EmulatedKey annKey;

	EmulatedKey amyKey;

	@BeforeEach
	void people() {
		this.clock.set(AccessTestConfiguration.START);
		String run = UUID.randomUUID().toString().substring(0, 8);
		this.vendor = Actor.of("val-" + run, "itron-" + run, Role.VENDOR_ENGINEER);
		this.ann = Actor.of("ann-" + run, "utility", Role.APPROVER);
		this.amy = Actor.of("amy-" + run, "utility", Role.APPROVER);
		this.admin = Actor.of("sec-" + run, "utility", Role.SECURITY_ADMIN);
		EmulatedKey.enroll(this.vendor, this.accounts, this.credentials);
		this.annKey = EmulatedKey.enroll(this.ann, this.accounts, this.credentials);
		this.amyKey = EmulatedKey.enroll(this.amy, this.accounts, this.credentials);
	}

	@Test
	void cutOffWhenPersonHoldsLiveAndScheduledGrantsThenBothEndInStoreAndHistoryWithTheStatusChange() {
		Grant live = granted(Optional.empty());
		Grant scheduled = granted(Optional.of(AccessTestConfiguration.START.plus(Duration.ofDays(1))));

		AccountCutoff.Result result = this.cutoff.cutOff(this.admin, account(this.vendor), AccountCutoff.Cause.DISABLED, IP);

		assertThat(result.revocation().grantIds()).containsExactly(live.id());
		assertThat(result.revocation().scheduledCancelled()).containsExactly(scheduled.id());
		assertThat(this.grantStore.lookup(this.vendor.subject(), this.vendor.organisation(), "head-end"))
			.isInstanceOf(GrantLookup.Revoked.class);
		assertThat(this.history.find(live.id()).orElseThrow().endReason()).startsWith("account disabled by " + this.admin.subject());
		assertThat(this.history.find(scheduled.id()).orElseThrow().activation()).isEqualTo(GrantActivation.CANCELLED);
		assertThat(account(this.vendor).status()).isEqualTo(UserStatus.DISABLED);
		assertThat(this.accounts.sessionStanding(this.vendor.subject(), AccessTestConfiguration.START.minusSeconds(1)))
			.isEqualTo(AccountRepository.SessionStanding.ACCOUNT_NOT_ACTIVE);
		this.accounts.updateStatus(this.vendor.subject(), UserStatus.ACTIVE);
		assertThat(this.accounts.sessionStanding(this.vendor.subject(), AccessTestConfiguration.START.minusSeconds(1)))
			.as("a session from before the cut-off, after enabling again")
			.isEqualTo(AccountRepository.SessionStanding.SESSION_ENDED);
	}

	@Test
	void cutOffWhenGrantStoreUnavailableThenNothingChangesNotEvenTheStatusAndAdminIsTold() {
		Grant live = granted(Optional.empty());
		GrantStore failing = new RevokeFailingGrantStore(this.grantStore);
		TransactionTemplate tx = new TransactionTemplate(this.transactions);
		AccountCutoff withFailingStore = new AccountCutoff(this.accounts,
				new GrantRevocation(this.support, this.history, failing, this.events, tx, this.clock), this.requests,
				this.authorizations, this.events, tx, this.clock);

		assertThatThrownBy(() -> withFailingStore.cutOff(this.admin, account(this.vendor), AccountCutoff.Cause.DISABLED, IP))
			.isInstanceOfSatisfying(RefusedException.class,
					ex -> assertThat(ex.refusal()).isEqualTo(AccessRefusal.GRANT_STORE_UNAVAILABLE));

		assertThat(account(this.vendor).status()).isEqualTo(UserStatus.ACTIVE);
		assertThat(this.history.find(live.id()).orElseThrow().endedAt()).isNull();
		assertThat(this.grantStore.lookup(this.vendor.subject(), this.vendor.organisation(), "head-end"))
			.isInstanceOf(GrantLookup.Live.class);
	}

	@Test
	void cutOffWhenApproverGaveOneOfTwoApprovalsThenItIsWithdrawnAndTheRequestNeedsTwoFreshOnes() {
		String requestId = this.submission.submit(this.vendor, new Submission("mdm", "read", Optional.empty(),
				Duration.ofHours(1), "meter data export", "INC-77"), IP).id();
		approve(this.ann, this.annKey, requestId);

		AccountCutoff.Result result = this.cutoff.cutOff(this.admin, account(this.ann), AccountCutoff.Cause.DISABLED, IP);

		assertThat(result.approvalsWithdrawnFrom()).containsExactly(requestId);
		assertThat(this.requests.find(requestId).orElseThrow().request().approvals()).isEmpty();
		RequestApproval.ApprovalResult second = approve(this.amy, this.amyKey, requestId);
		assertThat(second.request().state()).isEqualTo(RequestState.PENDING);
		assertThat(second.grant()).isEmpty();
	}

	private Grant granted(Optional<java.time.Instant> start) {
		String requestId = this.submission.submit(this.vendor, new Submission("head-end", "read", start, Duration.ofHours(1),
				"meter firmware check", "INC-76"), IP).id();
		return approve(this.ann, this.annKey, requestId).grant().orElseThrow();
	}

	private RequestApproval.ApprovalResult approve(Actor approver, EmulatedKey key, String requestId) {
		return this.approval.approve(approver, requestId, "ok", key.sign(this.approval.stepUp(approver, requestId, IP)), IP);
	}

	private io.keygate.auth.account.UserAccount account(Actor actor) {
		return this.accounts.findBySubject(actor.subject()).orElseThrow();
	}

	/** A store whose revocations cannot get through (e.g. Redis down). */
	static final class RevokeFailingGrantStore extends ForwardingGrantStore {

		RevokeFailingGrantStore(GrantStore delegate) {
			super(delegate);
		}

		@Override
		public java.util.List<Grant> revokeSubject(String subject, String reason) {
			throw new GrantStoreUnavailableException("connection refused", null);
		}

		@Override
		public boolean revocationFeedUp() {
			return true;
		}

	}

}
