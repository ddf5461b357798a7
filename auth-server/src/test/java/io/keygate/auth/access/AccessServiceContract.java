package io.keygate.auth.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.keygate.auth.access.AccessService.ApprovalResult;
import io.keygate.auth.access.AccessService.RevocationResult;
import io.keygate.auth.access.AccessService.Submission;
import io.keygate.auth.access.grant.GrantHistoryRepository;
import io.keygate.auth.access.grant.GrantRecord;
import io.keygate.auth.access.request.AccessRequestRepository;
import io.keygate.auth.access.request.ApprovalEvidence;
import io.keygate.auth.access.stepup.StepUpAssertion;
import io.keygate.auth.access.stepup.StepUpChallenge;
import io.keygate.auth.access.stepup.StepUpVerifier;
import io.keygate.auth.access.webhook.WebhookOutbox;
import io.keygate.auth.account.AccountRepository;
import io.keygate.auth.audit.JdbcAuditLog;
import io.keygate.auth.webauthn.CredentialRepository;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantLookup;
import io.keygate.policy.grant.GrantStore;
import io.keygate.policy.grant.GrantStoreUnavailableException;
import io.keygate.policy.grant.InMemoryGrantStore;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.identity.Role;
import io.keygate.policy.request.AccessRequest;
import io.keygate.policy.request.RequestState;
import io.keygate.policy.catalog.TargetCatalog;

/**
 * The access service against a real database (H2 or PostgreSQL by subclass), the real grant
 * store and emulated hardware keys. One test per refusal, each asserting outcome and reason.
 */
abstract class AccessServiceContract {

	static final String IP = "192.0.2.10";

	@Autowired
	AccessService service;

	@Autowired
	GrantStore grantStore;

	@Autowired
	AccessRequestRepository requests;

	@Autowired
	GrantHistoryRepository history;

	@Autowired
	AuditLog audit;

	@Autowired
	MutableClock clock;

	@Autowired
	CredentialRepository credentials;

	@Autowired
	AccountRepository accounts;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TargetCatalog catalog;

	@Autowired
	StepUpVerifier stepUpVerifier;

	@Autowired
	WebhookOutbox outbox;

	@Autowired
	PlatformTransactionManager transactions;

	@Autowired
	AccessProperties properties;

	String run;

	Actor alice;

	Actor bob;

	Actor carol;

	Actor ann;

	Actor amy;

	EmulatedKey annKey;

	EmulatedKey amyKey;

	@BeforeEach
	void freshPeople() {
		this.clock.set(AccessTestConfiguration.START);
		this.run = UUID.randomUUID().toString().substring(0, 8);
		this.alice = Actor.of("alice-" + this.run, "itron-" + this.run, Role.VENDOR_ENGINEER);
		this.bob = Actor.of("bob-" + this.run, "itron-" + this.run, Role.VENDOR_ENGINEER);
		this.carol = Actor.of("carol-" + this.run, "landis-" + this.run, Role.VENDOR_ENGINEER);
		this.ann = Actor.of("ann-" + this.run, "utility", Role.APPROVER);
		this.amy = Actor.of("amy-" + this.run, "utility", Role.APPROVER);
		this.annKey = EmulatedKey.enroll(this.ann, this.accounts, this.credentials);
		this.amyKey = EmulatedKey.enroll(this.amy, this.accounts, this.credentials);
	}

	AccessRequest submit(Actor who, String target, String level, Duration duration) {
		return this.service.submit(who, new Submission(target, level, Optional.empty(), duration, "meter firmware check",
				"INC-" + this.run), IP);
	}

	ApprovalResult approve(Actor approver, EmulatedKey key, String requestId) {
		StepUpChallenge challenge = this.service.stepUp(approver, requestId, IP);
		return this.service.approve(approver, requestId, "looks right", key.sign(challenge), IP);
	}

	static void assertRefused(Runnable action, AccessRefusal expected) {
		assertThatThrownBy(action::run).isInstanceOfSatisfying(AccessRefusedException.class,
				ex -> assertThat(ex.refusal()).isEqualTo(expected));
	}

	List<AuditEntry> auditFor(String requestId) {
		assertThat(this.audit).as("the persistent audit chain").isInstanceOf(JdbcAuditLog.class);
		List<AuditEntry> entries = new ArrayList<>(((JdbcAuditLog) this.audit).latest(2000)
			.stream()
			.map(AuditEvent::entry)
			.filter(entry -> entry.requestId().equals(requestId))
			.toList());
		java.util.Collections.reverse(entries);
		return entries;
	}

	List<Grant> liveGrantsOf(Actor who) {
		return this.grantStore.liveGrants().stream().filter(g -> g.subject().equals(who.subject())).toList();
	}

	// ---- submit ----

	@Test
	void submitWhenValidThenPendingStoredAndAudited() {
		AccessRequest request = submit(this.alice, "head-end", "read", Duration.ofHours(2));

		assertThat(request.state()).isEqualTo(RequestState.PENDING);
		assertThat(request.expiresAt()).isEqualTo(AccessTestConfiguration.START.plus(Duration.ofHours(24)));
		assertThat(this.service.find(this.alice, request.id())).isEqualTo(request);
		assertThat(auditFor(request.id())).singleElement().satisfies(entry -> {
			assertThat(entry.action()).isEqualTo("request.submitted");
			assertThat(entry.actor()).isEqualTo(this.alice.subject());
			assertThat(entry.clientAddress()).isEqualTo(IP);
			assertThat(entry.at()).isEqualTo(AccessTestConfiguration.START);
		});
	}

	@Test
	void submitWhenDurationOverCapThenRefusedDurationOverCap() {
		assertRefused(() -> submit(this.alice, "head-end", "read", Duration.ofHours(9)), AccessRefusal.DURATION_OVER_CAP);
		assertThat(this.service.myRequests(this.alice)).isEmpty();
	}

	@Test
	void submitWhenOrganisationSuspendedThenRefusedOrgSuspended() {
		this.service.suspend(this.ann, this.alice.organisation(), "breach at vendor", IP);

		assertRefused(() -> submit(this.alice, "head-end", "read", Duration.ofHours(1)), AccessRefusal.ORG_SUSPENDED);
		assertThat(this.service.myRequests(this.alice)).isEmpty();
	}

	@Test
	void submitWhenDecoyTargetThenRefusedUnknownTarget() {
		assertRefused(() -> submit(this.alice, "historian", "read", Duration.ofMinutes(30)), AccessRefusal.UNKNOWN_TARGET);
	}

	@Test
	void submitWhenTargetNotInCatalogueThenRefusedUnknownTarget() {
		assertRefused(() -> submit(this.alice, "nowhere", "read", Duration.ofMinutes(30)), AccessRefusal.UNKNOWN_TARGET);
	}

	@Test
	void submitWhenApproverAsksThenRefusedNotARequester() {
		assertRefused(() -> submit(this.ann, "head-end", "read", Duration.ofMinutes(30)), AccessRefusal.NOT_A_REQUESTER);
	}

	// ---- approve ----

	@Test
	void approveWhenStandardTargetThenGrantInStoreAndHistoryWithEvidence() {
		AccessRequest request = submit(this.alice, "head-end", "operate", Duration.ofHours(2));

		ApprovalResult result = approve(this.ann, this.annKey, request.id());

		assertThat(result.request().state()).isEqualTo(RequestState.APPROVED);
		Grant grant = result.grant().orElseThrow();
		assertThat(grant.notAfter()).isEqualTo(AccessTestConfiguration.START.plus(Duration.ofHours(2)));
		assertThat(grant.approvers()).containsExactly(this.ann.subject());
		assertThat(this.grantStore.lookup(this.alice.subject(), this.alice.organisation(), "head-end"))
			.isEqualTo(new GrantLookup.Live(grant));
		GrantRecord record = this.history.find(grant.id()).orElseThrow();
		assertThat(record.grant()).isEqualTo(grant);
		assertThat(this.service.find(this.ann, request.id()).approvals()).singleElement()
			.satisfies(a -> assertThat(a.approver()).isEqualTo(this.ann.subject()));
		List<ApprovalEvidence> evidence = this.requests.evidenceOf(request.id());
		assertThat(evidence).singleElement().satisfies(e -> {
			assertThat(e.credentialId()).isEqualTo(this.annKey.credentialId());
			assertThat(e.assertionJson()).contains("\"signature\"");
			assertThat(e.signatureCount()).isPositive();
		});
		assertThat(auditFor(request.id())).extracting(AuditEntry::action)
			.containsExactly("request.submitted", "request.approval", "grant.issued");
		assertThat(this.service.myLiveGrants(this.alice)).extracting(g -> g.grant().id()).containsExactly(grant.id());
	}

	@Test
	void approveWhenCriticalTargetThenSecondDistinctApproverIssuesGrant() {
		AccessRequest request = submit(this.alice, "mdm", "read", Duration.ofHours(1));

		ApprovalResult first = approve(this.ann, this.annKey, request.id());
		assertThat(first.grant()).isEmpty();
		assertThat(first.request().state()).isEqualTo(RequestState.PENDING);
		assertThat(first.approvalsNeeded()).isEqualTo(2);
		assertThat(liveGrantsOf(this.alice)).isEmpty();

		ApprovalResult second = approve(this.amy, this.amyKey, request.id());
		assertThat(second.grant()).hasValueSatisfying(
				grant -> assertThat(grant.approvers()).containsExactly(this.ann.subject(), this.amy.subject()));
		assertThat(this.requests.evidenceOf(request.id())).hasSize(2);
	}

	@Test
	void approveWhenSelfApprovalThenRefusedSelfApproval() {
		Actor victor = Actor.of("victor-" + this.run, "itron-" + this.run, Role.VENDOR_ENGINEER, Role.APPROVER);
		EmulatedKey victorKey = EmulatedKey.enroll(victor, this.accounts, this.credentials);
		AccessRequest request = submit(victor, "head-end", "read", Duration.ofHours(1));

		assertRefused(() -> this.service.stepUp(victor, request.id(), IP), AccessRefusal.SELF_APPROVAL);
		StepUpChallenge challenge = this.stepUpVerifier.issue(request, victor);
		assertRefused(() -> this.service.approve(victor, request.id(), "", victorKey.sign(challenge), IP),
				AccessRefusal.SELF_APPROVAL);
		assertThat(liveGrantsOf(victor)).isEmpty();
		assertThat(auditFor(request.id())).extracting(AuditEntry::action).contains("request.approve.refused");
	}

	@Test
	void approveWhenApproverFromRequestersOrganisationThenRefusedSameOrganisation() {
		Actor ivan = Actor.of("ivan-" + this.run, this.alice.organisation(), Role.APPROVER);
		EmulatedKey ivanKey = EmulatedKey.enroll(ivan, this.accounts, this.credentials);
		AccessRequest request = submit(this.alice, "head-end", "read", Duration.ofHours(1));

		StepUpChallenge challenge = this.stepUpVerifier.issue(request, ivan);
		assertRefused(() -> this.service.approve(ivan, request.id(), "", ivanKey.sign(challenge), IP),
				AccessRefusal.SAME_ORGANISATION);
		assertThat(liveGrantsOf(this.alice)).isEmpty();
	}

	@Test
	void approveWhenNotAnApproverThenRefusedNotAnApprover() {
		Actor admin = Actor.of("sam-" + this.run, "utility", Role.SECURITY_ADMIN);
		AccessRequest request = submit(this.alice, "head-end", "read", Duration.ofHours(1));

		assertRefused(() -> this.service.stepUp(admin, request.id(), IP), AccessRefusal.NOT_AN_APPROVER);
	}

	@Test
	void approveWhenSameApproverTwiceThenRefusedAlreadyApprovedByYou() {
		AccessRequest request = submit(this.alice, "mdm", "read", Duration.ofHours(1));
		approve(this.ann, this.annKey, request.id());

		assertRefused(() -> approve(this.ann, this.annKey, request.id()), AccessRefusal.ALREADY_APPROVED_BY_YOU);
		assertThat(this.service.find(this.ann, request.id()).approvals()).hasSize(1);
		assertThat(liveGrantsOf(this.alice)).isEmpty();
	}

	@Test
	void approveWhenAssertionAnswersAnotherRequestsChallengeThenRefusedStepUpInvalid() {
		AccessRequest mine = submit(this.alice, "head-end", "read", Duration.ofHours(1));
		AccessRequest other = submit(this.bob, "head-end", "read", Duration.ofHours(1));
		StepUpChallenge forOther = this.service.stepUp(this.ann, other.id(), IP);
		StepUpAssertion signedForOther = this.annKey.sign(forOther);

		assertRefused(() -> this.service.approve(this.ann, mine.id(), "", signedForOther, IP), AccessRefusal.STEP_UP_INVALID);
		assertThat(this.service.find(this.ann, mine.id()).state()).isEqualTo(RequestState.PENDING);
		assertThat(liveGrantsOf(this.alice)).isEmpty();
	}

	@Test
	void approveWhenSignatureIsOverAnotherChallengeThenRefusedStepUpInvalid() {
		AccessRequest mine = submit(this.alice, "head-end", "read", Duration.ofHours(1));
		AccessRequest other = submit(this.bob, "head-end", "read", Duration.ofHours(1));
		StepUpChallenge forMine = this.service.stepUp(this.ann, mine.id(), IP);
		StepUpChallenge forOther = this.service.stepUp(this.ann, other.id(), IP);
		// The key signed the other request's challenge, presented under this request's challenge id.
		StepUpAssertion forged = this.annKey.signBytes(forMine.challengeId(),
				Base64.getUrlDecoder().decode(forOther.challenge()));

		assertRefused(() -> this.service.approve(this.ann, mine.id(), "", forged, IP), AccessRefusal.STEP_UP_INVALID);
		assertThat(liveGrantsOf(this.alice)).isEmpty();
	}

	@Test
	void approveWhenAssertionMadeWithAnotherApproversKeyThenRefusedStepUpInvalid() {
		AccessRequest request = submit(this.alice, "head-end", "read", Duration.ofHours(1));
		StepUpChallenge challenge = this.service.stepUp(this.ann, request.id(), IP);

		assertRefused(() -> this.service.approve(this.ann, request.id(), "", this.amyKey.sign(challenge), IP),
				AccessRefusal.STEP_UP_INVALID);
		assertThat(liveGrantsOf(this.alice)).isEmpty();
	}

	@Test
	void approveWhenChallengeIssuedToAnotherApproverThenRefusedStepUpInvalid() {
		AccessRequest request = submit(this.alice, "head-end", "read", Duration.ofHours(1));
		StepUpChallenge amysChallenge = this.service.stepUp(this.amy, request.id(), IP);

		assertRefused(() -> this.service.approve(this.ann, request.id(), "", this.annKey.sign(amysChallenge), IP),
				AccessRefusal.STEP_UP_INVALID);
	}

	@Test
	void approveWhenStepUpChallengeIsStaleThenRefusedStepUpExpired() {
		AccessRequest request = submit(this.alice, "head-end", "read", Duration.ofHours(1));
		StepUpChallenge challenge = this.service.stepUp(this.ann, request.id(), IP);
		StepUpAssertion assertion = this.annKey.sign(challenge);
		this.clock.advance(this.properties.stepUp().challengeLifetime().plusSeconds(1));

		assertRefused(() -> this.service.approve(this.ann, request.id(), "", assertion, IP), AccessRefusal.STEP_UP_EXPIRED);
		assertThat(liveGrantsOf(this.alice)).isEmpty();
	}

	@Test
	void approveWhenStepUpChallengeReusedThenRefusedStepUpExpired() {
		AccessRequest request = submit(this.alice, "mdm", "read", Duration.ofHours(1));
		StepUpChallenge challenge = this.service.stepUp(this.ann, request.id(), IP);
		StepUpAssertion assertion = this.annKey.sign(challenge);
		this.service.approve(this.ann, request.id(), "", assertion, IP);
		// Replay by a second approver of a captured assertion is foreign; replay by the same
		// approver finds the challenge burnt.
		assertRefused(() -> this.service.approve(this.ann, request.id(), "", assertion, IP),
				AccessRefusal.ALREADY_APPROVED_BY_YOU);
		assertRefused(() -> this.service.approve(this.amy, request.id(), "", assertion, IP), AccessRefusal.STEP_UP_INVALID);
		assertThat(this.jdbc.sql("select count(*) from step_up_challenge where id = :id and used_at is not null")
			.param("id", challenge.challengeId())
			.query(Integer.class)
			.single()).isEqualTo(1);
	}

	@Test
	void approveWhenStepUpMissingThenRefusedStepUpInvalid() {
		AccessRequest request = submit(this.alice, "head-end", "read", Duration.ofHours(1));

		assertRefused(() -> this.service.approve(this.ann, request.id(), "", null, IP), AccessRefusal.STEP_UP_INVALID);
		assertRefused(() -> this.service.approve(this.ann, request.id(), "", new StepUpAssertion("x", "{not json"), IP),
				AccessRefusal.STEP_UP_INVALID);
		StepUpChallenge challenge = this.service.stepUp(this.ann, request.id(), IP);
		assertRefused(() -> this.service.approve(this.ann, request.id(), "",
				new StepUpAssertion(challenge.challengeId(), "{\"type\":\"public-key\"}"), IP), AccessRefusal.STEP_UP_INVALID);
	}

	@Test
	void approveWhenRequestExpiredThenRefusedRequestExpiredAndNoGrant() {
		AccessRequest request = submit(this.alice, "head-end", "read", Duration.ofHours(1));
		this.clock.advance(Duration.ofHours(24));
		StepUpChallenge challenge = this.stepUpVerifier.issue(request, this.ann);

		assertRefused(() -> this.service.approve(this.ann, request.id(), "", this.annKey.sign(challenge), IP),
				AccessRefusal.REQUEST_EXPIRED);
		assertThat(this.service.find(this.alice, request.id()).state()).isEqualTo(RequestState.EXPIRED);
		assertThat(liveGrantsOf(this.alice)).isEmpty();
		assertThat(this.history.findBySubject(this.alice.subject(), 10)).isEmpty();
	}

	@Test
	void approveWhenRequestExpiresBetweenStepUpAndApprovalThenRefusedRequestExpired() {
		AccessRequest request = submit(this.alice, "head-end", "read", Duration.ofHours(1));
		this.clock.advance(Duration.ofHours(24).minusSeconds(30));
		StepUpChallenge challenge = this.service.stepUp(this.ann, request.id(), IP);
		StepUpAssertion assertion = this.annKey.sign(challenge);
		this.clock.advance(Duration.ofSeconds(31));

		assertRefused(() -> this.service.approve(this.ann, request.id(), "", assertion, IP), AccessRefusal.REQUEST_EXPIRED);
		assertThat(liveGrantsOf(this.alice)).isEmpty();
	}

	@Test
	void approveWhenOrganisationSuspendedAfterRequestThenRefusedOrgSuspendedAndNothingKept() {
		AccessRequest request = submit(this.alice, "head-end", "read", Duration.ofHours(1));
		StepUpChallenge challenge = this.service.stepUp(this.ann, request.id(), IP);
		this.service.suspend(this.amy, this.alice.organisation(), "vendor breach", IP);

		assertRefused(() -> this.service.approve(this.ann, request.id(), "", this.annKey.sign(challenge), IP),
				AccessRefusal.ORG_SUSPENDED);
		AccessRequest after = this.service.find(this.ann, request.id());
		assertThat(after.state()).isEqualTo(RequestState.PENDING);
		assertThat(after.approvals()).isEmpty();
		assertThat(this.history.findBySubject(this.alice.subject(), 10)).isEmpty();
	}

	@Test
	void approveWhenGrantStoreUnavailableThenRolledBackAndApproverTold() {
		GrantStore failing = new FailingGrantStore(new InMemoryGrantStore(this.clock));
		AccessService withFailingStore = new AccessService(this.requests, this.history, failing, this.catalog,
				this.stepUpVerifier, this.audit, this.outbox, new TransactionTemplate(this.transactions), this.properties,
				this.clock);
		AccessRequest request = submit(this.alice, "head-end", "read", Duration.ofHours(1));
		StepUpChallenge challenge = withFailingStore.stepUp(this.ann, request.id(), IP);

		assertRefused(() -> withFailingStore.approve(this.ann, request.id(), "", this.annKey.sign(challenge), IP),
				AccessRefusal.GRANT_STORE_UNAVAILABLE);
		AccessRequest after = this.service.find(this.ann, request.id());
		assertThat(after.state()).isEqualTo(RequestState.PENDING);
		assertThat(after.approvals()).isEmpty();
		assertThat(this.requests.evidenceOf(request.id())).isEmpty();
		assertThat(this.history.findBySubject(this.alice.subject(), 10)).isEmpty();
	}

	@Test
	void approveWhenTwoApproversApproveAtTheSameMomentThenExactlyOneGrant() throws Exception {
		for (int round = 0; round < 3; round++) {
			AccessRequest request = submit(this.alice, "head-end", "read", Duration.ofHours(1));
			StepUpAssertion annAssertion = this.annKey.sign(this.service.stepUp(this.ann, request.id(), IP));
			StepUpAssertion amyAssertion = this.amyKey.sign(this.service.stepUp(this.amy, request.id(), IP));
			CountDownLatch ready = new CountDownLatch(2);
			CountDownLatch go = new CountDownLatch(1);
			ExecutorService pool = Executors.newFixedThreadPool(2);
			try {
				List<Future<ApprovalResult>> outcomes = new ArrayList<>();
				for (Object[] who : new Object[][] { { this.ann, annAssertion }, { this.amy, amyAssertion } }) {
					outcomes.add(pool.submit(() -> {
						ready.countDown();
						go.await();
						return this.service.approve((Actor) who[0], request.id(), "", (StepUpAssertion) who[1], IP);
					}));
				}
				assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
				go.countDown();
				int granted = 0;
				int refused = 0;
				for (Future<ApprovalResult> outcome : outcomes) {
					try {
						if (outcome.get(30, TimeUnit.SECONDS).grant().isPresent()) {
							granted++;
						}
					}
					catch (java.util.concurrent.ExecutionException ex) {
						assertThat(ex.getCause()).isInstanceOfSatisfying(AccessRefusedException.class,
								refusal -> assertThat(refusal.refusal()).isIn(AccessRefusal.NOT_PENDING, AccessRefusal.CONFLICT));
						refused++;
					}
				}
				assertThat(granted).isEqualTo(1);
				assertThat(refused).isEqualTo(1);
				assertThat(this.jdbc.sql("select count(*) from grant_history where request_id = :id")
					.param("id", request.id())
					.query(Integer.class)
					.single()).isEqualTo(1);
				assertThat(liveGrantsOf(this.alice)).hasSize(1);
				assertThat(this.service.find(this.ann, request.id()).approvals()).hasSize(1);
			}
			finally {
				pool.shutdownNow();
			}
		}
	}

	// ---- deny, cancel, visibility ----

	@Test
	void denyWhenCommentGivenThenDeniedWithReason() {
		AccessRequest request = submit(this.alice, "head-end", "read", Duration.ofHours(1));

		AccessRequest denied = this.service.deny(this.ann, request.id(), "no change window today", IP);

		assertThat(denied.state()).isEqualTo(RequestState.DENIED);
		assertThat(this.service.find(this.alice, request.id()).resolution()).isEqualTo("no change window today");
		assertRefused(() -> approve(this.amy, this.amyKey, request.id()), AccessRefusal.NOT_PENDING);
	}

	@Test
	void denyWhenNoCommentThenRefusedDenialReasonRequired() {
		AccessRequest request = submit(this.alice, "head-end", "read", Duration.ofHours(1));

		assertRefused(() -> this.service.deny(this.ann, request.id(), " ", IP), AccessRefusal.DENIAL_REASON_REQUIRED);
	}

	@Test
	void denyWhenSelfThenRefusedSelfApproval() {
		Actor victor = Actor.of("victor-" + this.run, "itron-" + this.run, Role.VENDOR_ENGINEER, Role.APPROVER);
		AccessRequest request = submit(victor, "head-end", "read", Duration.ofHours(1));

		assertRefused(() -> this.service.deny(victor, request.id(), "nah", IP), AccessRefusal.SELF_APPROVAL);
	}

	@Test
	void cancelWhenOwnPendingRequestThenCancelled() {
		AccessRequest request = submit(this.alice, "head-end", "read", Duration.ofHours(1));

		assertThat(this.service.cancel(this.alice, request.id(), IP).state()).isEqualTo(RequestState.CANCELLED);
		assertRefused(() -> this.service.cancel(this.alice, request.id(), IP), AccessRefusal.NOT_PENDING);
	}

	@Test
	void findWhenSomeoneElsesRequestThenNotFound() {
		AccessRequest request = submit(this.alice, "head-end", "read", Duration.ofHours(1));

		assertRefused(() -> this.service.find(this.bob, request.id()), AccessRefusal.NOT_FOUND);
		assertRefused(() -> this.service.cancel(this.bob, request.id(), IP), AccessRefusal.NOT_FOUND);
		assertRefused(() -> this.service.find(this.bob, "no-such-request"), AccessRefusal.NOT_FOUND);
	}

	// ---- expiry ----

	@Test
	void expireDueWhenPendingPastLifetimeThenExpiredAndAudited() {
		AccessRequest request = submit(this.alice, "head-end", "read", Duration.ofHours(1));
		this.clock.advance(Duration.ofHours(24));

		assertThat(this.service.expireDue()).isGreaterThanOrEqualTo(1);

		assertThat(this.requests.find(request.id()).orElseThrow().request().state()).isEqualTo(RequestState.EXPIRED);
		assertThat(auditFor(request.id())).extracting(AuditEntry::action).contains("request.expired");
	}

	@Test
	void myRequestsWhenPendingPastLifetimeThenShownExpired() {
		AccessRequest request = submit(this.alice, "head-end", "read", Duration.ofHours(1));
		this.clock.advance(Duration.ofHours(25));

		assertThat(this.service.myRequests(this.alice)).singleElement()
			.satisfies(r -> assertThat(r.state()).isEqualTo(RequestState.EXPIRED));
		assertThat(this.requests.find(request.id()).orElseThrow().request().state()).isEqualTo(RequestState.EXPIRED);
	}

	// ---- revocation and suspension ----

	@Test
	void endOwnGrantWhenHolderIsDoneThenGrantEndsEarly() {
		Grant grant = approve(this.ann, this.annKey, submit(this.alice, "head-end", "read", Duration.ofHours(1)).id())
			.grant()
			.orElseThrow();

		assertRefused(() -> this.service.endOwnGrant(this.bob, grant.id(), IP), AccessRefusal.NOT_FOUND);
		RevocationResult result = this.service.endOwnGrant(this.alice, grant.id(), IP);

		assertThat(result.grantIds()).containsExactly(grant.id());
		assertThat(this.grantStore.lookup(this.alice.subject(), this.alice.organisation(), "head-end"))
			.isInstanceOf(GrantLookup.Revoked.class);
		assertThat(this.history.find(grant.id()).orElseThrow().endedAt()).isEqualTo(AccessTestConfiguration.START);
		assertThat(this.service.myLiveGrants(this.alice)).isEmpty();
	}

	@Test
	void revokeGrantWhenApproverRevokesThenGrantEnded() {
		Grant grant = approve(this.ann, this.annKey, submit(this.alice, "head-end", "read", Duration.ofHours(1)).id())
			.grant()
			.orElseThrow();

		assertRefused(() -> this.service.revokeGrant(this.bob, grant.id(), "", IP), AccessRefusal.NOT_ALLOWED);
		RevocationResult result = this.service.revokeGrant(this.amy, grant.id(), "suspicious commands", IP);

		assertThat(result.grantsEnded()).isEqualTo(1);
		assertThat(liveGrantsOf(this.alice)).isEmpty();
		assertThat(this.history.find(grant.id()).orElseThrow().endReason()).isEqualTo("suspicious commands");
	}

	@Test
	void revokeSubjectWhenUserHoldsGrantsThenAllOfThemEnd() {
		approve(this.ann, this.annKey, submit(this.alice, "head-end", "read", Duration.ofHours(1)).id());
		String critical = submit(this.alice, "mdm", "read", Duration.ofHours(1)).id();
		approve(this.ann, this.annKey, critical);
		approve(this.amy, this.amyKey, critical);
		Grant bobs = approve(this.ann, this.annKey, submit(this.bob, "head-end", "read", Duration.ofHours(1)).id())
			.grant()
			.orElseThrow();

		RevocationResult result = this.service.revokeSubject(this.amy, this.alice.subject(), "laptop stolen", IP);

		assertThat(result.grantsEnded()).isEqualTo(2);
		assertThat(liveGrantsOf(this.alice)).isEmpty();
		assertThat(liveGrantsOf(this.bob)).containsExactly(bobs);
	}

	@Test
	void suspendWhenOrganisationHoldsGrantsThenEveryGrantOfItEndsAndOnlyThose() {
		Grant alices = approve(this.ann, this.annKey, submit(this.alice, "head-end", "read", Duration.ofHours(1)).id())
			.grant()
			.orElseThrow();
		Grant bobs = approve(this.ann, this.annKey, submit(this.bob, "head-end", "operate", Duration.ofHours(2)).id())
			.grant()
			.orElseThrow();
		Grant carols = approve(this.amy, this.amyKey, submit(this.carol, "head-end", "read", Duration.ofHours(1)).id())
			.grant()
			.orElseThrow();

		RevocationResult result = this.service.suspend(this.ann, this.alice.organisation(), "credentials leaked", IP);

		assertThat(result.grantIds()).containsExactlyInAnyOrder(alices.id(), bobs.id());
		assertThat(this.grantStore.isSuspended(this.alice.organisation())).isTrue();
		assertThat(this.grantStore.lookup(this.alice.subject(), this.alice.organisation(), "head-end"))
			.isInstanceOf(GrantLookup.Suspended.class);
		assertThat(liveGrantsOf(this.carol)).containsExactly(carols);
		assertThat(this.history.find(alices.id()).orElseThrow().endedAt()).isNotNull();
		assertThat(this.history.find(carols.id()).orElseThrow().endedAt()).isNull();
		assertThat(this.history.suspensions(this.alice.organisation())).singleElement()
			.satisfies(s -> assertThat(s.grantsEnded()).isEqualTo(2));
		assertRefused(() -> submit(this.bob, "head-end", "read", Duration.ofHours(1)), AccessRefusal.ORG_SUSPENDED);

		this.service.resume(this.amy, this.alice.organisation(), "vendor cleaned up", IP);
		assertThat(this.grantStore.isSuspended(this.alice.organisation())).isFalse();
		assertThat(submit(this.bob, "head-end", "read", Duration.ofHours(1)).state()).isEqualTo(RequestState.PENDING);
		// Resuming does not bring old grants back: a new request and approval are needed.
		assertThat(liveGrantsOf(this.alice)).isEmpty();
	}

	@Test
	void restoreSuspensionsWhenStoreForgotThemThenSuspendedAgainAndResumedOnesStayResumed() {
		Actor dana = Actor.of("dana-" + this.run, "elster-" + this.run, Role.VENDOR_ENGINEER);
		this.service.suspend(this.ann, this.alice.organisation(), "breach", IP);
		this.service.suspend(this.ann, dana.organisation(), "breach", IP);
		this.service.resume(this.amy, dana.organisation(), "cleaned up", IP);
		// What a restart of the embedded store looks like: it remembers nothing.
		this.grantStore.resume(this.alice.organisation());

		assertThat(this.service.restoreSuspensions()).isGreaterThanOrEqualTo(1);

		assertThat(this.grantStore.isSuspended(this.alice.organisation())).isTrue();
		assertThat(this.grantStore.isSuspended(dana.organisation())).isFalse();
		assertRefused(() -> submit(this.bob, "head-end", "read", Duration.ofHours(1)), AccessRefusal.ORG_SUSPENDED);
	}

	@Test
	void revokeWhenGrantsEndThenRevocationEventsReachSubscribersAsGatewaysReceiveThem() throws Exception {
		Grant alices = approve(this.ann, this.annKey, submit(this.alice, "head-end", "read", Duration.ofHours(1)).id())
			.grant()
			.orElseThrow();
		Grant bobs = approve(this.ann, this.annKey, submit(this.bob, "head-end", "read", Duration.ofHours(1)).id())
			.grant()
			.orElseThrow();
		List<io.keygate.policy.grant.RevocationEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
		try (AutoCloseable subscription = this.grantStore.subscribe(events::add)) {
			this.service.revokeGrant(this.amy, alices.id(), "wrong target", IP);
			this.service.suspend(this.amy, this.bob.organisation(), "breach", IP);
		}

		assertThat(events).filteredOn(e -> e.grantIds().contains(alices.id()))
			.singleElement()
			.satisfies(e -> assertThat(e.scope()).isEqualTo(io.keygate.policy.grant.RevocationEvent.Scope.GRANT));
		assertThat(events).filteredOn(e -> e.key().equals(this.bob.organisation()))
			.singleElement()
			.satisfies(e -> {
				assertThat(e.scope()).isEqualTo(io.keygate.policy.grant.RevocationEvent.Scope.ORGANISATION);
				assertThat(e.grantIds()).containsExactly(bobs.id());
			});
	}

	@Test
	void suspendWhenApproversOwnOrganisationThenRefusedNotAllowed() {
		assertRefused(() -> this.service.suspend(this.ann, this.ann.organisation(), "", IP), AccessRefusal.NOT_ALLOWED);
		assertThat(this.grantStore.isSuspended(this.ann.organisation())).isFalse();
	}

	@Test
	void liveGrantsWhenVendorAsksForEveryonesThenRefusedNotAllowed() {
		assertRefused(() -> this.service.liveGrants(this.alice), AccessRefusal.NOT_ALLOWED);
		assertRefused(() -> this.service.queue(this.alice), AccessRefusal.NOT_ALLOWED);
	}

	@Test
	void suspendWhenVendorEngineerTriesThenRefusedNotAllowed() {
		assertRefused(() -> this.service.suspend(this.alice, this.carol.organisation(), "", IP), AccessRefusal.NOT_ALLOWED);
		assertThat(this.grantStore.isSuspended(this.carol.organisation())).isFalse();
	}

	@Test
	void queueWhenRequestsPendingThenHintsFirstRequestAndOffHours() {
		AccessRequest first = submit(this.alice, "head-end", "read", Duration.ofHours(1));
		this.clock.set(java.time.Instant.parse("2026-11-24T23:30:00Z"));
		AccessRequest second = submit(this.bob, "head-end", "read", Duration.ofHours(1));

		List<AccessService.QueueItem> queue = this.service.queue(this.ann);

		assertThat(queue).filteredOn(item -> item.request().id().equals(first.id()))
			.singleElement()
			.satisfies(item -> assertThat(item.hints()).anyMatch(h -> h.startsWith("first request")));
		assertThat(queue).filteredOn(item -> item.request().id().equals(second.id()))
			.singleElement()
			.satisfies(item -> {
				assertThat(item.hints()).anyMatch(h -> h.startsWith("off-hours"));
				assertThat(item.hints()).noneMatch(h -> h.startsWith("first request"));
				assertThat(item.reviewable()).isTrue();
			});
	}

	/** A grant store whose writes fail as an unreachable Redis would. */
	static final class FailingGrantStore extends io.keygate.policy.testsupport.ForwardingGrantStore {

		FailingGrantStore(GrantStore delegate) {
			super(delegate);
		}

		@Override
		public PutResult put(Grant grant) {
			throw new GrantStoreUnavailableException("connection refused", null);
		}

		@Override
		public boolean revocationFeedUp() {
			return true;
		}

	}

}
