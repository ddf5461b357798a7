package io.keygate.auth.access;

import io.keygate.policy.testsupport.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
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

import io.keygate.auth.access.RequestApproval.ApprovalResult;
import io.keygate.auth.access.RevocationResult;
import io.keygate.auth.access.RequestSubmission.Submission;
import io.keygate.auth.access.grant.GrantActivation;
import io.keygate.auth.access.grant.GrantHistoryRepository;
import io.keygate.auth.access.grant.GrantRecord;
import io.keygate.auth.access.request.AccessRequestRepository;
import io.keygate.auth.access.request.ApprovalEvidence;
import io.keygate.auth.access.stepup.StepUpAssertion;
import io.keygate.auth.access.stepup.StepUpChallenge;
import io.keygate.auth.access.stepup.StepUpPurgeJob;
import io.keygate.auth.access.stepup.StepUpVerifier;
import io.keygate.auth.access.webhook.WebhookOutbox;
import io.keygate.auth.account.AccountRepository;
import io.keygate.auth.audit.JdbcAuditLog;
import io.keygate.auth.web.RefusedException;
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
 * The access roles (submission, approval, revocation, suspension, queue, queries, jobs) against a
 * real database (H2 or PostgreSQL by subclass), the real grant store and emulated hardware keys. One test per refusal, each asserting outcome and reason.
 */
abstract class AccessServiceContract {

	static final String IP = "192.0.2.10";

	@Autowired
	io.keygate.auth.account.AccountOrigins origins;

	@Autowired
	RequestSubmission submission;

	@Autowired
	RequestApproval approval;

	@Autowired
	GrantRevocation revocation;

	@Autowired
	OrganisationSuspension suspension;

	@Autowired
	ApproverQueue approverQueue;

	@Autowired
	AccessQueries queries;

	@Autowired
	RequestExpiryJob expiryJob;

	@Autowired
	StepUpPurgeJob stepUpPurge;

	@Autowired
	AccessSupport support;

	@Autowired
	GrantOverlapCheck overlaps;

	@Autowired
	AccessEvents events;

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

	@Autowired
	GrantActivationJob activation;

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
		// Requesters are active accounts too: approval and activation refuse a person who is not.
		for (Actor requester : List.of(this.alice, this.bob, this.carol)) {
			EmulatedKey.enroll(requester, this.accounts, this.credentials);
		}
	}

	AccessRequest submit(Actor who, String target, String level, Duration duration) {
		return this.submission.submit(who, new Submission(target, level, Optional.empty(), duration, "meter firmware check",
				"INC-" + this.run), IP);
	}

	ApprovalResult approve(Actor approver, EmulatedKey key, String requestId) {
		StepUpChallenge challenge = this.approval.stepUp(approver, requestId, IP);
		return this.approval.approve(approver, requestId, "looks right", key.sign(challenge), IP);
	}

	static void assertRefused(Runnable action, AccessRefusal expected) {
		assertThatThrownBy(action::run).isInstanceOfSatisfying(RefusedException.class,
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
		assertThat(this.queries.find(this.alice, request.id())).isEqualTo(request);
		assertThat(auditFor(request.id())).singleElement().satisfies(entry -> {
			assertThat(entry.action()).isEqualTo("request.submitted");
			assertThat(entry.actor()).isEqualTo(this.alice.subject());
			assertThat(entry.clientAddress()).isEqualTo(IP);
			assertThat(entry.at()).isEqualTo(AccessTestConfiguration.START);
			// The reason/target detector learns from it (issue 14).
			assertThat(entry.details()).containsEntry("reason", request.reason()).containsEntry("ticket", request.ticket());
		});
	}

	@Test
	void submitWhenDurationOverCapThenRefusedDurationOverCap() {
		assertRefused(() -> submit(this.alice, "head-end", "read", Duration.ofHours(9)), AccessRefusal.DURATION_OVER_CAP);
		assertThat(this.queries.myRequests(this.alice)).isEmpty();
	}

	@Test
	void submitWhenOrganisationSuspendedThenRefusedOrgSuspended() {
		this.suspension.suspend(this.ann, this.alice.organisation(), "breach at vendor", IP);

		assertRefused(() -> submit(this.alice, "head-end", "read", Duration.ofHours(1)), AccessRefusal.ORG_SUSPENDED);
		assertThat(this.queries.myRequests(this.alice)).isEmpty();
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
		assertThat(this.queries.find(this.ann, request.id()).approvals()).singleElement()
			.satisfies(a -> assertThat(a.approver()).isEqualTo(this.ann.subject()));
		List<ApprovalEvidence> evidence = this.requests.evidenceOf(request.id());
		assertThat(evidence).singleElement().satisfies(e -> {
			assertThat(e.credentialId()).isEqualTo(this.annKey.credentialId());
			assertThat(e.assertionJson()).contains("\"signature\"");
			assertThat(e.signatureCount()).isPositive();
		});
		assertThat(auditFor(request.id())).extracting(AuditEntry::action)
			.containsExactly("request.submitted", "request.approval", "grant.issued");
		assertThat(this.queries.myLiveGrants(this.alice)).extracting(g -> g.grant().id()).containsExactly(grant.id());
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

		assertRefused(() -> this.approval.stepUp(victor, request.id(), IP), AccessRefusal.SELF_APPROVAL);
		StepUpChallenge challenge = this.stepUpVerifier.issue(request, victor);
		assertRefused(() -> this.approval.approve(victor, request.id(), "", victorKey.sign(challenge), IP),
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
		assertRefused(() -> this.approval.approve(ivan, request.id(), "", ivanKey.sign(challenge), IP),
				AccessRefusal.SAME_ORGANISATION);
		assertThat(liveGrantsOf(this.alice)).isEmpty();
	}

	@Test
	void approveWhenNotAnApproverThenRefusedNotAnApprover() {
		Actor admin = Actor.of("sam-" + this.run, "utility", Role.SECURITY_ADMIN);
		AccessRequest request = submit(this.alice, "head-end", "read", Duration.ofHours(1));

		assertRefused(() -> this.approval.stepUp(admin, request.id(), IP), AccessRefusal.NOT_AN_APPROVER);
	}

	@Test
	void approveWhenSameApproverTwiceThenRefusedAlreadyApprovedByYou() {
		AccessRequest request = submit(this.alice, "mdm", "read", Duration.ofHours(1));
		approve(this.ann, this.annKey, request.id());

		assertRefused(() -> approve(this.ann, this.annKey, request.id()), AccessRefusal.ALREADY_APPROVED_BY_YOU);
		assertThat(this.queries.find(this.ann, request.id()).approvals()).hasSize(1);
		assertThat(liveGrantsOf(this.alice)).isEmpty();
	}

	@Test
	void approveWhenAssertionAnswersAnotherRequestsChallengeThenRefusedStepUpInvalid() {
		AccessRequest mine = submit(this.alice, "head-end", "read", Duration.ofHours(1));
		AccessRequest other = submit(this.bob, "head-end", "read", Duration.ofHours(1));
		StepUpChallenge forOther = this.approval.stepUp(this.ann, other.id(), IP);
		StepUpAssertion signedForOther = this.annKey.sign(forOther);

		assertRefused(() -> this.approval.approve(this.ann, mine.id(), "", signedForOther, IP), AccessRefusal.STEP_UP_INVALID);
		assertThat(this.queries.find(this.ann, mine.id()).state()).isEqualTo(RequestState.PENDING);
		assertThat(liveGrantsOf(this.alice)).isEmpty();
	}

	@Test
	void approveWhenSignatureIsOverAnotherChallengeThenRefusedStepUpInvalid() {
		AccessRequest mine = submit(this.alice, "head-end", "read", Duration.ofHours(1));
		AccessRequest other = submit(this.bob, "head-end", "read", Duration.ofHours(1));
		StepUpChallenge forMine = this.approval.stepUp(this.ann, mine.id(), IP);
		StepUpChallenge forOther = this.approval.stepUp(this.ann, other.id(), IP);
		// The key signed the other request's challenge, presented under this request's challenge id.
		StepUpAssertion forged = this.annKey.signBytes(forMine.challengeId(),
				Base64.getUrlDecoder().decode(forOther.challenge()));

		assertRefused(() -> this.approval.approve(this.ann, mine.id(), "", forged, IP), AccessRefusal.STEP_UP_INVALID);
		assertThat(liveGrantsOf(this.alice)).isEmpty();
	}

	@Test
	void approveWhenAssertionMadeWithAnotherApproversKeyThenRefusedStepUpInvalid() {
		AccessRequest request = submit(this.alice, "head-end", "read", Duration.ofHours(1));
		StepUpChallenge challenge = this.approval.stepUp(this.ann, request.id(), IP);

		assertRefused(() -> this.approval.approve(this.ann, request.id(), "", this.amyKey.sign(challenge), IP),
				AccessRefusal.STEP_UP_INVALID);
		assertThat(liveGrantsOf(this.alice)).isEmpty();
	}

	@Test
	void approveWhenChallengeIssuedToAnotherApproverThenRefusedStepUpInvalid() {
		AccessRequest request = submit(this.alice, "head-end", "read", Duration.ofHours(1));
		StepUpChallenge amysChallenge = this.approval.stepUp(this.amy, request.id(), IP);

		assertRefused(() -> this.approval.approve(this.ann, request.id(), "", this.annKey.sign(amysChallenge), IP),
				AccessRefusal.STEP_UP_INVALID);
	}

	@Test
	void approveWhenStepUpChallengeIsStaleThenRefusedStepUpExpired() {
		AccessRequest request = submit(this.alice, "head-end", "read", Duration.ofHours(1));
		StepUpChallenge challenge = this.approval.stepUp(this.ann, request.id(), IP);
		StepUpAssertion assertion = this.annKey.sign(challenge);
		this.clock.advance(this.properties.stepUp().challengeLifetime().plusSeconds(1));

		assertRefused(() -> this.approval.approve(this.ann, request.id(), "", assertion, IP), AccessRefusal.STEP_UP_EXPIRED);
		assertThat(liveGrantsOf(this.alice)).isEmpty();
	}

	@Test
	void approveWhenStepUpChallengeReusedThenRefusedStepUpExpired() {
		AccessRequest request = submit(this.alice, "mdm", "read", Duration.ofHours(1));
		StepUpChallenge challenge = this.approval.stepUp(this.ann, request.id(), IP);
		StepUpAssertion assertion = this.annKey.sign(challenge);
		this.approval.approve(this.ann, request.id(), "", assertion, IP);
		// Replay by a second approver of a captured assertion is foreign; replay by the same
		// approver finds the challenge burnt.
		assertRefused(() -> this.approval.approve(this.ann, request.id(), "", assertion, IP),
				AccessRefusal.ALREADY_APPROVED_BY_YOU);
		assertRefused(() -> this.approval.approve(this.amy, request.id(), "", assertion, IP), AccessRefusal.STEP_UP_INVALID);
		assertThat(this.jdbc.sql("select count(*) from step_up_challenge where id = :id and used_at is not null")
			.param("id", challenge.challengeId())
			.query(Integer.class)
			.single()).isEqualTo(1);
	}

	@Test
	void approveWhenStepUpMissingThenRefusedStepUpInvalid() {
		AccessRequest request = submit(this.alice, "head-end", "read", Duration.ofHours(1));

		assertRefused(() -> this.approval.approve(this.ann, request.id(), "", null, IP), AccessRefusal.STEP_UP_INVALID);
		assertRefused(() -> this.approval.approve(this.ann, request.id(), "", new StepUpAssertion("x", "{not json"), IP),
				AccessRefusal.STEP_UP_INVALID);
		StepUpChallenge challenge = this.approval.stepUp(this.ann, request.id(), IP);
		assertRefused(() -> this.approval.approve(this.ann, request.id(), "",
				new StepUpAssertion(challenge.challengeId(), "{\"type\":\"public-key\"}"), IP), AccessRefusal.STEP_UP_INVALID);
	}

	@Test
	void approveWhenRequestExpiredThenRefusedRequestExpiredAndNoGrant() {
		AccessRequest request = submit(this.alice, "head-end", "read", Duration.ofHours(1));
		this.clock.advance(Duration.ofHours(24));
		StepUpChallenge challenge = this.stepUpVerifier.issue(request, this.ann);

		assertRefused(() -> this.approval.approve(this.ann, request.id(), "", this.annKey.sign(challenge), IP),
				AccessRefusal.REQUEST_EXPIRED);
		assertThat(this.queries.find(this.alice, request.id()).state()).isEqualTo(RequestState.EXPIRED);
		assertThat(liveGrantsOf(this.alice)).isEmpty();
		assertThat(this.history.findBySubject(this.alice.subject(), 10)).isEmpty();
	}

	@Test
	void approveWhenRequestExpiresBetweenStepUpAndApprovalThenRefusedRequestExpired() {
		AccessRequest request = submit(this.alice, "head-end", "read", Duration.ofHours(1));
		this.clock.advance(Duration.ofHours(24).minusSeconds(30));
		StepUpChallenge challenge = this.approval.stepUp(this.ann, request.id(), IP);
		StepUpAssertion assertion = this.annKey.sign(challenge);
		this.clock.advance(Duration.ofSeconds(31));

		assertRefused(() -> this.approval.approve(this.ann, request.id(), "", assertion, IP), AccessRefusal.REQUEST_EXPIRED);
		assertThat(liveGrantsOf(this.alice)).isEmpty();
	}

	@Test
	void approveWhenOrganisationSuspendedAfterRequestThenRefusedOrgSuspendedAndNothingKept() {
		AccessRequest request = submit(this.alice, "head-end", "read", Duration.ofHours(1));
		StepUpChallenge challenge = this.approval.stepUp(this.ann, request.id(), IP);
		this.suspension.suspend(this.amy, this.alice.organisation(), "vendor breach", IP);

		assertRefused(() -> this.approval.approve(this.ann, request.id(), "", this.annKey.sign(challenge), IP),
				AccessRefusal.ORG_SUSPENDED);
		AccessRequest after = this.queries.find(this.ann, request.id());
		assertThat(after.state()).isEqualTo(RequestState.PENDING);
		assertThat(after.approvals()).isEmpty();
		assertThat(this.history.findBySubject(this.alice.subject(), 10)).isEmpty();
	}

	@Test
	void approveWhenGrantStoreUnavailableThenRolledBackAndApproverTold() {
		GrantStore failing = new FailingGrantStore(new InMemoryGrantStore(this.clock));
		RequestApproval withFailingStore = new RequestApproval(this.support, this.overlaps, this.requests, this.history,
				failing, this.stepUpVerifier, this.accounts, this.events, new TransactionTemplate(this.transactions), this.properties,
				this.clock, this.origins);
		AccessRequest request = submit(this.alice, "head-end", "read", Duration.ofHours(1));
		StepUpChallenge challenge = withFailingStore.stepUp(this.ann, request.id(), IP);

		assertRefused(() -> withFailingStore.approve(this.ann, request.id(), "", this.annKey.sign(challenge), IP),
				AccessRefusal.GRANT_STORE_UNAVAILABLE);
		AccessRequest after = this.queries.find(this.ann, request.id());
		assertThat(after.state()).isEqualTo(RequestState.PENDING);
		assertThat(after.approvals()).isEmpty();
		assertThat(this.requests.evidenceOf(request.id())).isEmpty();
		assertThat(this.history.findBySubject(this.alice.subject(), 10)).isEmpty();
	}

	@Test
	void approveWhenTwoApproversApproveAtTheSameMomentThenExactlyOneGrant() throws Exception {
		for (int round = 0; round < 3; round++) {
			// A requester per round: a second grant of one person on one target would overlap the first.
			Actor requester = Actor.of("alice-" + round + "-" + this.run, this.alice.organisation(), Role.VENDOR_ENGINEER);
			EmulatedKey.enroll(requester, this.accounts, this.credentials);
			AccessRequest request = submit(requester, "head-end", "read", Duration.ofHours(1));
			StepUpAssertion annAssertion = this.annKey.sign(this.approval.stepUp(this.ann, request.id(), IP));
			StepUpAssertion amyAssertion = this.amyKey.sign(this.approval.stepUp(this.amy, request.id(), IP));
			CountDownLatch ready = new CountDownLatch(2);
			CountDownLatch go = new CountDownLatch(1);
			ExecutorService pool = Executors.newFixedThreadPool(2);
			try {
				List<Future<ApprovalResult>> outcomes = new ArrayList<>();
				for (Object[] who : new Object[][] { { this.ann, annAssertion }, { this.amy, amyAssertion } }) {
					outcomes.add(pool.submit(() -> {
						ready.countDown();
						go.await();
						return this.approval.approve((Actor) who[0], request.id(), "", (StepUpAssertion) who[1], IP);
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
						assertThat(ex.getCause()).isInstanceOfSatisfying(RefusedException.class,
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
				assertThat(liveGrantsOf(requester)).hasSize(1);
				assertThat(this.queries.find(this.ann, request.id()).approvals()).hasSize(1);
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

		AccessRequest denied = this.approval.deny(this.ann, request.id(), "no change window today", IP);

		assertThat(denied.state()).isEqualTo(RequestState.DENIED);
		assertThat(this.queries.find(this.alice, request.id()).resolution()).isEqualTo("no change window today");
		assertRefused(() -> approve(this.amy, this.amyKey, request.id()), AccessRefusal.NOT_PENDING);
	}

	@Test
	void denyWhenNoCommentThenRefusedDenialReasonRequired() {
		AccessRequest request = submit(this.alice, "head-end", "read", Duration.ofHours(1));

		assertRefused(() -> this.approval.deny(this.ann, request.id(), " ", IP), AccessRefusal.DENIAL_REASON_REQUIRED);
	}

	@Test
	void denyWhenSelfThenRefusedSelfApproval() {
		Actor victor = Actor.of("victor-" + this.run, "itron-" + this.run, Role.VENDOR_ENGINEER, Role.APPROVER);
		AccessRequest request = submit(victor, "head-end", "read", Duration.ofHours(1));

		assertRefused(() -> this.approval.deny(victor, request.id(), "nah", IP), AccessRefusal.SELF_APPROVAL);
	}

	@Test
	void purgeWhenChallengeExpiredOverADayAgoThenDeletedAndFreshOnesKept() {
		AccessRequest request = submit(this.alice, "head-end", "read", Duration.ofHours(1));
		this.approval.stepUp(this.ann, request.id(), IP);
		this.clock.advance(this.properties.stepUp().challengeLifetime().plus(Duration.ofDays(1)).plusSeconds(1));
		AccessRequest later = submit(this.bob, "head-end", "read", Duration.ofHours(1));
		this.approval.stepUp(this.ann, later.id(), IP);

		assertThat(this.stepUpPurge.purgeExpired()).isGreaterThanOrEqualTo(1);

		assertThat(challengesFor(request.id())).isZero();
		assertThat(challengesFor(later.id())).isEqualTo(1);
	}

	private int challengesFor(String requestId) {
		return this.jdbc.sql("select count(*) from step_up_challenge where request_id = :id")
			.param("id", requestId)
			.query(Integer.class)
			.single();
	}

	@Test
	void cancelWhenOwnPendingRequestThenCancelled() {
		AccessRequest request = submit(this.alice, "head-end", "read", Duration.ofHours(1));

		assertThat(this.submission.cancel(this.alice, request.id(), IP).state()).isEqualTo(RequestState.CANCELLED);
		assertRefused(() -> this.submission.cancel(this.alice, request.id(), IP), AccessRefusal.NOT_PENDING);
	}

	@Test
	void findWhenSomeoneElsesRequestThenNotFound() {
		AccessRequest request = submit(this.alice, "head-end", "read", Duration.ofHours(1));

		assertRefused(() -> this.queries.find(this.bob, request.id()), AccessRefusal.NOT_FOUND);
		assertRefused(() -> this.submission.cancel(this.bob, request.id(), IP), AccessRefusal.NOT_FOUND);
		assertRefused(() -> this.queries.find(this.bob, "no-such-request"), AccessRefusal.NOT_FOUND);
	}

	// ---- expiry ----

	@Test
	void expireDueWhenPendingPastLifetimeThenExpiredAndAudited() {
		AccessRequest request = submit(this.alice, "head-end", "read", Duration.ofHours(1));
		this.clock.advance(Duration.ofHours(24));

		assertThat(this.expiryJob.expireDue()).isGreaterThanOrEqualTo(1);

		assertThat(this.requests.find(request.id()).orElseThrow().request().state()).isEqualTo(RequestState.EXPIRED);
		assertThat(auditFor(request.id())).extracting(AuditEntry::action).contains("request.expired");
	}

	@Test
	void myRequestsWhenPendingPastLifetimeThenShownExpired() {
		AccessRequest request = submit(this.alice, "head-end", "read", Duration.ofHours(1));
		this.clock.advance(Duration.ofHours(25));

		assertThat(this.queries.myRequests(this.alice)).singleElement()
			.satisfies(r -> assertThat(r.state()).isEqualTo(RequestState.EXPIRED));
		assertThat(this.requests.find(request.id()).orElseThrow().request().state()).isEqualTo(RequestState.EXPIRED);
	}

	// ---- revocation and suspension ----

	@Test
	void endOwnGrantWhenHolderIsDoneThenGrantEndsEarly() {
		Grant grant = approve(this.ann, this.annKey, submit(this.alice, "head-end", "read", Duration.ofHours(1)).id())
			.grant()
			.orElseThrow();

		assertRefused(() -> this.revocation.endOwnGrant(this.bob, grant.id(), IP), AccessRefusal.NOT_FOUND);
		RevocationResult result = this.revocation.endOwnGrant(this.alice, grant.id(), IP);

		assertThat(result.grantIds()).containsExactly(grant.id());
		assertThat(this.grantStore.lookup(this.alice.subject(), this.alice.organisation(), "head-end"))
			.isInstanceOf(GrantLookup.Revoked.class);
		assertThat(this.history.find(grant.id()).orElseThrow().endedAt()).isEqualTo(AccessTestConfiguration.START);
		assertThat(this.queries.myLiveGrants(this.alice)).isEmpty();
	}

	@Test
	void revokeGrantWhenApproverRevokesThenGrantEnded() {
		Grant grant = approve(this.ann, this.annKey, submit(this.alice, "head-end", "read", Duration.ofHours(1)).id())
			.grant()
			.orElseThrow();

		assertRefused(() -> this.revocation.revokeGrant(this.bob, grant.id(), "", IP), AccessRefusal.NOT_ALLOWED);
		RevocationResult result = this.revocation.revokeGrant(this.amy, grant.id(), "suspicious commands", IP);

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

		RevocationResult result = this.revocation.revokeSubject(this.amy, this.alice.subject(), "laptop stolen", IP);

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

		RevocationResult result = this.suspension.suspend(this.ann, this.alice.organisation(), "credentials leaked", IP);

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

		this.suspension.resume(this.amy, this.alice.organisation(), "vendor cleaned up", IP);
		assertThat(this.grantStore.isSuspended(this.alice.organisation())).isFalse();
		assertThat(submit(this.bob, "head-end", "read", Duration.ofHours(1)).state()).isEqualTo(RequestState.PENDING);
		// Resuming does not bring old grants back: a new request and approval are needed.
		assertThat(liveGrantsOf(this.alice)).isEmpty();
	}

	@Test
	void restoreSuspensionsWhenStoreForgotThemThenSuspendedAgainAndResumedOnesStayResumed() {
		Actor dana = Actor.of("dana-" + this.run, "elster-" + this.run, Role.VENDOR_ENGINEER);
		this.suspension.suspend(this.ann, this.alice.organisation(), "breach", IP);
		this.suspension.suspend(this.ann, dana.organisation(), "breach", IP);
		this.suspension.resume(this.amy, dana.organisation(), "cleaned up", IP);
		// What a restart of the embedded store looks like: it remembers nothing.
		this.grantStore.resume(this.alice.organisation());

		assertThat(this.suspension.restoreSuspensions()).isGreaterThanOrEqualTo(1);

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
			this.revocation.revokeGrant(this.amy, alices.id(), "wrong target", IP);
			this.suspension.suspend(this.amy, this.bob.organisation(), "breach", IP);
			// Delivery is on the dispatch's own thread (RevocationDispatch): wait for both events while
			// still subscribed; closing at once raced the delivery on a busy machine.
			org.awaitility.Awaitility.await("both revocation events delivered")
				.atMost(Duration.ofSeconds(10))
				.until(() -> events.stream().anyMatch(e -> e.grantIds().contains(alices.id()))
						&& events.stream().anyMatch(e -> e.key().equals(this.bob.organisation())));
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
		assertRefused(() -> this.suspension.suspend(this.ann, this.ann.organisation(), "", IP), AccessRefusal.NOT_ALLOWED);
		assertThat(this.grantStore.isSuspended(this.ann.organisation())).isFalse();
	}

	@Test
	void liveGrantsWhenVendorAsksForEveryonesThenRefusedNotAllowed() {
		assertRefused(() -> this.queries.liveGrants(this.alice), AccessRefusal.NOT_ALLOWED);
		assertRefused(() -> this.approverQueue.queue(this.alice), AccessRefusal.NOT_ALLOWED);
	}

	@Test
	void suspendWhenVendorEngineerTriesThenRefusedNotAllowed() {
		assertRefused(() -> this.suspension.suspend(this.alice, this.carol.organisation(), "", IP), AccessRefusal.NOT_ALLOWED);
		assertThat(this.grantStore.isSuspended(this.carol.organisation())).isFalse();
	}

	@Test
	void queueWhenRequestsPendingThenHintsFirstRequestAndOffHours() {
		AccessRequest first = submit(this.alice, "head-end", "read", Duration.ofHours(1));
		this.clock.set(java.time.Instant.parse("2026-11-24T23:30:00Z"));
		AccessRequest second = submit(this.bob, "head-end", "read", Duration.ofHours(1));

		List<ApproverQueue.QueueItem> queue = this.approverQueue.queue(this.ann);

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

	// ---- grants whose window starts later ----

	/** Tomorrow (Wednesday) 09:00 UTC, while the test's clock stands at Tuesday 10:00. */
	static final Instant TOMORROW_0900 = Instant.parse("2026-11-25T09:00:00Z");

	AccessRequest submitFrom(Actor who, String target, Instant start, Duration duration) {
		return this.submission.submit(who, new Submission(target, "read", Optional.of(start), duration, "planned maintenance",
				"CHG-" + this.run), IP);
	}

	Grant scheduledGrant(Actor who, String target, Instant start, Duration duration) {
		ApprovalResult result = approve(this.ann, this.annKey, submitFrom(who, target, start, duration).id());
		assertThat(result.scheduled()).isTrue();
		return result.grant().orElseThrow();
	}

	long auditCount(String requestId, String action) {
		return auditFor(requestId).stream().filter(entry -> entry.action().equals(action)).count();
	}

	@Test
	void approveWhenWindowStartsLaterWhileAnotherGrantIsLiveThenLiveGrantUntouchedUntilTheNewOneStarts() {
		Grant live = approve(this.ann, this.annKey, submit(this.alice, "head-end", "read", Duration.ofHours(2)).id())
			.grant()
			.orElseThrow();
		AccessRequest later = submitFrom(this.alice, "head-end", TOMORROW_0900, Duration.ofHours(1));

		ApprovalResult result = approve(this.ann, this.annKey, later.id());

		assertThat(result.request().state()).isEqualTo(RequestState.APPROVED);
		assertThat(result.scheduled()).isTrue();
		Grant scheduled = result.grant().orElseThrow();
		assertThat(scheduled.notBefore()).isEqualTo(TOMORROW_0900);
		assertThat(this.grantStore.lookup(this.alice.subject(), this.alice.organisation(), "head-end"))
			.isEqualTo(new GrantLookup.Live(live));
		assertThat(liveGrantsOf(this.alice)).containsExactly(live);
		GrantRecord record = this.history.find(scheduled.id()).orElseThrow();
		assertThat(record.activation()).isEqualTo(GrantActivation.SCHEDULED);
		assertThat(record.activatedAt()).isNull();
		assertThat(auditFor(later.id())).extracting(AuditEntry::action)
			.containsExactly("request.submitted", "request.approval", "grant.scheduled");
		assertThat(this.queries.myLiveGrants(this.alice)).extracting(g -> g.grant().id(), g -> g.isScheduledAt(this.clock.instant()))
			.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(live.id(), false),
					org.assertj.core.groups.Tuple.tuple(scheduled.id(), true));

		this.clock.set(TOMORROW_0900.minusSeconds(1));
		assertThat(this.activation.activateDue().activated()).doesNotContain(scheduled.id());
		assertThat(this.grantStore.lookup(this.alice.subject(), this.alice.organisation(), "head-end"))
			.isNotEqualTo(new GrantLookup.Live(scheduled));

		this.clock.set(TOMORROW_0900);
		assertThat(this.activation.activateDue().activated()).contains(scheduled.id());

		assertThat(this.grantStore.lookup(this.alice.subject(), this.alice.organisation(), "head-end"))
			.isEqualTo(new GrantLookup.Live(scheduled));
		GrantRecord activated = this.history.find(scheduled.id()).orElseThrow();
		assertThat(activated.activation()).isEqualTo(GrantActivation.ACTIVATED);
		assertThat(activated.activatedAt()).isEqualTo(TOMORROW_0900);
		assertThat(activated.isLiveAt(TOMORROW_0900)).isTrue();
		assertThat(this.activation.activateDue().activated()).doesNotContain(scheduled.id());
		assertThat(auditCount(later.id(), "grant.activated")).isEqualTo(1);
		// The earlier grant ran out on its own at its notAfter; nothing ended it early.
		assertThat(this.history.find(live.id()).orElseThrow().endedAt()).isNull();
	}

	@Test
	void approveWhenWindowOverlapsALiveGrantOfTheSamePersonOnTheTargetThenRefusedGrantOverlapSayingUntilWhen() {
		Grant live = approve(this.ann, this.annKey, submit(this.alice, "head-end", "read", Duration.ofHours(2)).id())
			.grant()
			.orElseThrow();
		AccessRequest overlapping = submitFrom(this.alice, "head-end", AccessTestConfiguration.START.plus(Duration.ofHours(1)),
				Duration.ofHours(2));

		assertThat(this.approverQueue.queue(this.ann)).filteredOn(item -> item.request().id().equals(overlapping.id()))
			.singleElement()
			.satisfies(item -> assertThat(item.hints()).anyMatch(h -> h.startsWith("overlaps a live grant until")));
		assertThatThrownBy(() -> this.approval.stepUp(this.ann, overlapping.id(), IP))
			.isInstanceOfSatisfying(RefusedException.class, ex -> {
				assertThat(ex.refusal()).isEqualTo(AccessRefusal.GRANT_OVERLAP);
				assertThat(ex.userMessage()).isEqualTo(this.alice.subject()
						+ " already holds head-end until Tue 24 Nov 13:00 Europe/Berlin. Approve a window that starts after it,"
						+ " or revoke that grant first.");
			});
		// The authoritative check is the approval's own, whatever challenge was signed.
		StepUpChallenge challenge = this.stepUpVerifier.issue(overlapping, this.ann);
		assertRefused(() -> this.approval.approve(this.ann, overlapping.id(), "", this.annKey.sign(challenge), IP),
				AccessRefusal.GRANT_OVERLAP);
		assertThat(this.queries.find(this.ann, overlapping.id()).state()).isEqualTo(RequestState.PENDING);
		assertThat(this.history.findBySubject(this.alice.subject(), 10)).extracting(g -> g.grant().id())
			.containsExactly(live.id());
		assertThat(this.grantStore.lookup(this.alice.subject(), this.alice.organisation(), "head-end"))
			.isEqualTo(new GrantLookup.Live(live));
		assertRefused(() -> approve(this.ann, this.annKey, submit(this.alice, "head-end", "operate", Duration.ofHours(1)).id()),
				AccessRefusal.GRANT_OVERLAP);
		assertThat(auditFor(overlapping.id())).extracting(AuditEntry::action).contains("request.step-up.refused",
				"request.approve.refused");

		// Another target, or a window that starts when the live one ends, is fine. The overlapping
		// request is withdrawn first: a second pending ask for the same level and window is refused.
		assertThat(approve(this.ann, this.annKey, submit(this.alice, "mdm", "read", Duration.ofHours(1)).id())
			.approvalsNeeded()).isEqualTo(2);
		assertRefused(() -> submitFrom(this.alice, "head-end", live.notAfter(), Duration.ofHours(1)),
				AccessRefusal.DUPLICATE_REQUEST);
		this.submission.cancel(this.alice, overlapping.id(), IP);
		assertThat(scheduledGrant(this.alice, "head-end", live.notAfter(), Duration.ofHours(1)).notBefore())
			.isEqualTo(live.notAfter());
	}

	@Test
	void approveWhenWindowOverlapsAScheduledGrantThenRefusedGrantOverlapNamingItsWindow() {
		scheduledGrant(this.alice, "head-end", TOMORROW_0900, Duration.ofHours(2));
		AccessRequest overlapping = submitFrom(this.alice, "head-end", TOMORROW_0900.minus(Duration.ofHours(1)),
				Duration.ofHours(2));

		assertThatThrownBy(() -> this.approval.stepUp(this.ann, overlapping.id(), IP))
			.isInstanceOfSatisfying(RefusedException.class, ex -> {
				assertThat(ex.refusal()).isEqualTo(AccessRefusal.GRANT_OVERLAP);
				assertThat(ex.userMessage()).isEqualTo(this.alice.subject()
						+ " is already approved for head-end from Wed 25 Nov 10:00 Europe/Berlin until Wed 25 Nov 12:00"
						+ " Europe/Berlin. Approve a window that does not overlap it, or revoke that grant first.");
			});
		// Bob is another person: his window may overlap Alice's.
		scheduledGrant(this.bob, "head-end", TOMORROW_0900, Duration.ofHours(2));
	}

	@Test
	void revokeGrantWhenScheduledThenCancelledAndNeverActivated() {
		Grant scheduled = scheduledGrant(this.alice, "head-end", TOMORROW_0900, Duration.ofHours(1));

		RevocationResult result = this.revocation.revokeGrant(this.amy, scheduled.id(), "change window moved", IP);

		assertThat(result.grantsEnded()).isZero();
		assertThat(result.scheduledCancelled()).containsExactly(scheduled.id());
		GrantRecord record = this.history.find(scheduled.id()).orElseThrow();
		assertThat(record.activation()).isEqualTo(GrantActivation.CANCELLED);
		assertThat(record.endReason()).isEqualTo("change window moved");
		assertThat(this.queries.myLiveGrants(this.alice)).isEmpty();
		assertThat(this.queries.liveGrants(this.ann)).extracting(g -> g.grant().id()).doesNotContain(scheduled.id());

		this.clock.set(TOMORROW_0900.plusSeconds(1));
		assertThat(this.activation.activateDue().activated()).doesNotContain(scheduled.id());

		assertThat(this.grantStore.lookup(this.alice.subject(), this.alice.organisation(), "head-end"))
			.isNotInstanceOf(GrantLookup.Live.class);
		assertThat(this.history.find(scheduled.id()).orElseThrow().activation()).isEqualTo(GrantActivation.CANCELLED);
		assertThat(auditCount(scheduled.requestId(), "grant.activated")).isZero();
	}

	@Test
	void endOwnGrantWhenScheduledThenHolderCancelsItBeforeItStarts() {
		Grant scheduled = scheduledGrant(this.alice, "head-end", TOMORROW_0900, Duration.ofHours(1));

		assertRefused(() -> this.revocation.endOwnGrant(this.bob, scheduled.id(), IP), AccessRefusal.NOT_FOUND);
		assertThat(this.revocation.endOwnGrant(this.alice, scheduled.id(), IP).scheduledCancelled()).containsExactly(scheduled.id());

		this.clock.set(TOMORROW_0900);
		assertThat(this.activation.activateDue().activated()).doesNotContain(scheduled.id());
		assertThat(liveGrantsOf(this.alice)).isEmpty();
	}

	@Test
	void revokeSubjectWhenPersonHasLiveAndScheduledGrantsThenBothEndAndTheScheduledOneNeverStarts() {
		Grant live = approve(this.ann, this.annKey, submit(this.alice, "head-end", "read", Duration.ofHours(1)).id())
			.grant()
			.orElseThrow();
		Grant scheduled = scheduledGrant(this.alice, "head-end", TOMORROW_0900, Duration.ofHours(1));
		Grant bobs = scheduledGrant(this.bob, "head-end", TOMORROW_0900, Duration.ofHours(1));

		RevocationResult result = this.revocation.revokeSubject(this.amy, this.alice.subject(), "laptop stolen", IP);

		assertThat(result.grantIds()).containsExactly(live.id());
		assertThat(result.scheduledCancelled()).containsExactly(scheduled.id());
		this.clock.set(TOMORROW_0900);
		GrantActivationJob.Tick tick = this.activation.activateDue();
		assertThat(tick.activated()).contains(bobs.id()).doesNotContain(scheduled.id());
		assertThat(liveGrantsOf(this.alice)).isEmpty();
		assertThat(liveGrantsOf(this.bob)).containsExactly(bobs);
	}

	@Test
	void suspendWhenOrganisationHasScheduledGrantsThenTheyNeverStartEvenAfterResume() {
		Grant alices = scheduledGrant(this.alice, "head-end", TOMORROW_0900, Duration.ofHours(1));
		Grant bobs = scheduledGrant(this.bob, "head-end", TOMORROW_0900, Duration.ofHours(1));
		Grant carols = scheduledGrant(this.carol, "head-end", TOMORROW_0900, Duration.ofHours(1));

		RevocationResult result = this.suspension.suspend(this.ann, this.alice.organisation(), "credentials leaked", IP);

		assertThat(result.grantIds()).isEmpty();
		assertThat(result.scheduledCancelled()).containsExactlyInAnyOrder(alices.id(), bobs.id());
		this.suspension.resume(this.amy, this.alice.organisation(), "vendor cleaned up", IP);
		this.clock.set(TOMORROW_0900);
		GrantActivationJob.Tick tick = this.activation.activateDue();

		assertThat(tick.activated()).contains(carols.id()).doesNotContain(alices.id(), bobs.id());
		assertThat(liveGrantsOf(this.alice)).isEmpty();
		assertThat(liveGrantsOf(this.bob)).isEmpty();
		assertThat(liveGrantsOf(this.carol)).containsExactly(carols);
		assertThat(this.history.find(alices.id()).orElseThrow().activation()).isEqualTo(GrantActivation.CANCELLED);
	}

	@Test
	void activateWhenSuspensionMissedAScheduledGrantThenActivationRefusedAndItNeverStarts() {
		Grant scheduled = scheduledGrant(this.alice, "head-end", TOMORROW_0900, Duration.ofHours(1));
		// What a suspension committed while the approval was still open looks like: it did not
		// see the grant, so it did not cancel it.
		this.clock.advance(Duration.ofMinutes(1));
		this.grantStore.suspend(this.alice.organisation(), "breach");
		this.history.recordSuspension(UUID.randomUUID().toString(), this.alice.organisation(), true, "breach",
				this.ann.subject(), this.clock.instant(), 0, IP);
		this.suspension.resume(this.amy, this.alice.organisation(), "cleaned up", IP);
		this.clock.set(TOMORROW_0900);

		GrantActivationJob.Tick tick = this.activation.activateDue();

		assertThat(tick.refused()).contains(scheduled.id());
		assertThat(liveGrantsOf(this.alice)).isEmpty();
		GrantRecord record = this.history.find(scheduled.id()).orElseThrow();
		assertThat(record.activation()).isEqualTo(GrantActivation.CANCELLED);
		assertThat(record.endReason()).isEqualTo("organisation suspended after approval");
		assertThat(auditCount(scheduled.requestId(), "grant.activation.refused")).isEqualTo(1);
	}

	@Test
	void activateWhenStoreSaysOrganisationSuspendedThenRefusedAndNeverPut() {
		Grant scheduled = scheduledGrant(this.alice, "head-end", TOMORROW_0900, Duration.ofHours(1));
		this.grantStore.suspend(this.alice.organisation(), "suspended in the store only");
		this.clock.set(TOMORROW_0900);

		assertThat(this.activation.activateDue().refused()).contains(scheduled.id());

		this.grantStore.resume(this.alice.organisation());
		assertThat(this.activation.activateDue().activated()).doesNotContain(scheduled.id());
		assertThat(liveGrantsOf(this.alice)).isEmpty();
	}

	@Test
	void approveWhenOrganisationSuspendedAndWindowStartsLaterThenRefusedOrgSuspended() {
		AccessRequest request = submitFrom(this.alice, "head-end", TOMORROW_0900, Duration.ofHours(1));
		StepUpChallenge challenge = this.approval.stepUp(this.ann, request.id(), IP);
		this.grantStore.suspend(this.alice.organisation(), "suspended in the store only");

		assertRefused(() -> this.approval.approve(this.ann, request.id(), "", this.annKey.sign(challenge), IP),
				AccessRefusal.ORG_SUSPENDED);
		assertThat(this.queries.find(this.ann, request.id()).state()).isEqualTo(RequestState.PENDING);
		assertThat(this.history.findBySubject(this.alice.subject(), 10)).isEmpty();
		this.grantStore.resume(this.alice.organisation());
	}

	@Test
	void activateWhenWindowPassedWithoutActivationThenExpiredAndNeverPut() {
		Grant scheduled = scheduledGrant(this.alice, "head-end", TOMORROW_0900, Duration.ofHours(1));
		this.clock.set(TOMORROW_0900.plus(Duration.ofHours(1)));

		GrantActivationJob.Tick tick = this.activation.activateDue();

		assertThat(tick.expired()).contains(scheduled.id());
		assertThat(tick.activated()).doesNotContain(scheduled.id());
		assertThat(this.history.find(scheduled.id()).orElseThrow().activation()).isEqualTo(GrantActivation.EXPIRED);
		assertThat(auditFor(scheduled.requestId())).extracting(AuditEntry::action).contains("grant.expired")
			.doesNotContain("grant.activated");
		assertThat(this.activation.activateDue().expired()).doesNotContain(scheduled.id());
	}

	@Test
	void activateWhenTwoActivatorsShareTheDatabaseThenEachGrantIsPutExactlyOnce() throws Exception {
		List<Grant> grants = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			Actor engineer = Actor.of("eve-" + i + "-" + this.run, this.alice.organisation(), Role.VENDOR_ENGINEER);
			EmulatedKey.enroll(engineer, this.accounts, this.credentials);
			grants.add(scheduledGrant(engineer, "head-end", TOMORROW_0900, Duration.ofHours(1)));
		}
		List<String> ids = grants.stream().map(Grant::id).toList();
		// Two auth-server replicas: their own activator, transactions and view of the shared store.
		CountingGrantStore first = new CountingGrantStore(this.grantStore);
		CountingGrantStore second = new CountingGrantStore(this.grantStore);
		List<GrantActivationJob> replicas = List.of(
				new GrantActivationJob(this.history, first, this.accounts, this.events, new TransactionTemplate(this.transactions),
						this.clock),
				new GrantActivationJob(this.history, second, this.accounts, this.events, new TransactionTemplate(this.transactions),
						this.clock));
		this.clock.set(TOMORROW_0900);

		CountDownLatch go = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(2);
		List<String> activated = new java.util.concurrent.CopyOnWriteArrayList<>();
		try {
			List<Future<?>> runs = new ArrayList<>();
			for (GrantActivationJob replica : replicas) {
				runs.add(pool.submit(() -> {
					go.await();
					for (int tick = 0; tick < 3; tick++) {
						activated.addAll(replica.activateDue().activated());
					}
					return null;
				}));
			}
			go.countDown();
			for (Future<?> run : runs) {
				run.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}

		assertThat(activated.stream().filter(ids::contains)).containsExactlyInAnyOrderElementsOf(ids);
		for (Grant grant : grants) {
			assertThat(first.puts(grant.id()) + second.puts(grant.id())).as("puts of %s", grant.id()).isEqualTo(1);
			assertThat(auditCount(grant.requestId(), "grant.activated")).isEqualTo(1);
			assertThat(this.grantStore.lookup(grant.subject(), grant.organisation(), "head-end"))
				.isEqualTo(new GrantLookup.Live(grant));
		}
	}

	@Test
	void revokeWhileItsActivationIsInFlightThenTheGrantEndsInTheStoreAndInHistory() throws Exception {
		Grant scheduled = scheduledGrant(this.alice, "head-end", TOMORROW_0900, Duration.ofHours(1));
		CountDownLatch putting = new CountDownLatch(1);
		CountDownLatch letPut = new CountDownLatch(1);
		GrantStore slowPut = new io.keygate.policy.grant.ForwardingGrantStore(this.grantStore) {

			@Override
			public PutResult put(Grant grant) {
				if (grant.id().equals(scheduled.id())) {
					putting.countDown();
					try {
						letPut.await(30, TimeUnit.SECONDS);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}
				return super.put(grant);
			}

		};
		GrantActivationJob activator = new GrantActivationJob(this.history, slowPut, this.accounts, this.events,
				new TransactionTemplate(this.transactions), this.clock);
		this.clock.set(TOMORROW_0900);
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			Future<GrantActivationJob.Tick> activating = pool.submit(activator::activateDue);
			assertThat(putting.await(30, TimeUnit.SECONDS)).isTrue();
			// The activator has claimed the grant and holds its row: the revocation waits for it,
			// however the two threads interleave from here.
			Future<RevocationResult> revoking = pool
				.submit(() -> this.revocation.revokeGrant(this.amy, scheduled.id(), "revoked while starting", IP));
			letPut.countDown();

			assertThat(activating.get(60, TimeUnit.SECONDS).activated()).contains(scheduled.id());
			RevocationResult revoked = revoking.get(60, TimeUnit.SECONDS);
			assertThat(revoked.grantIds()).containsExactly(scheduled.id());
			assertThat(revoked.scheduledCancelled()).isEmpty();
		}
		finally {
			letPut.countDown();
			pool.shutdownNow();
		}
		assertThat(this.grantStore.lookup(this.alice.subject(), this.alice.organisation(), "head-end"))
			.isInstanceOf(GrantLookup.Revoked.class);
		GrantRecord record = this.history.find(scheduled.id()).orElseThrow();
		assertThat(record.endReason()).isEqualTo("revoked while starting");
		assertThat(record.isLiveAt(this.clock.instant())).isFalse();
	}

	/** One replica's view of the shared store, counting what it wrote. */
	static final class CountingGrantStore extends io.keygate.policy.grant.ForwardingGrantStore {

		private final java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> puts = new java.util.concurrent.ConcurrentHashMap<>();

		CountingGrantStore(GrantStore delegate) {
			super(delegate);
		}

		@Override
		public PutResult put(Grant grant) {
			this.puts.computeIfAbsent(grant.id(), id -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
			return super.put(grant);
		}

		int puts(String grantId) {
			java.util.concurrent.atomic.AtomicInteger count = this.puts.get(grantId);
			return count == null ? 0 : count.get();
		}

	}

	/** A grant store whose writes fail as an unreachable Redis would. */
	static final class FailingGrantStore extends io.keygate.policy.grant.ForwardingGrantStore {

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
