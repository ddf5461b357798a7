package io.keygate.policy.request;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import io.keygate.policy.testsupport.MutableClock;
import io.keygate.policy.fixtures.TestTargets;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.identity.Role;
import io.keygate.policy.request.AccessRequest.ApprovalOutcome;
import io.keygate.policy.catalog.Target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccessRequestTest {

	private final MutableClock clock = MutableClock.at(Instant.parse("2026-11-25T10:00:00Z"));

	private final Actor alice = Actor.of("alice", "itron", Role.VENDOR_ENGINEER);

	private final Actor bob = Actor.of("bob", "utility", Role.APPROVER);

	private final Actor carol = Actor.of("carol", "utility", Role.APPROVER);

	private AccessRequest submit(Target target, String level, Duration duration) {
		return AccessRequest.submit("r-1", this.alice, target, level, Optional.empty(), duration, "replace meter firmware",
				"CHG-1234", Duration.ofHours(24), this.clock);
	}

	private AccessRequest pendingRead() {
		return submit(TestTargets.HEAD_END, "read", Duration.ofMinutes(30));
	}

	private ApprovalOutcome approve(AccessRequest request, Actor approver) {
		Target target = TestTargets.catalog().find(request.targetId()).orElseThrow();
		return request.approve(approver, target, ApprovalRule.DEFAULT, "ok", "assertion-" + approver.subject(),
				"g-" + approver.subject(), this.clock);
	}

	private static void assertRefused(Executable action, RefusalReason reason) {
		assertThatThrownBy(action::execute).isInstanceOfSatisfying(RequestRefusedException.class,
				ex -> assertThat(ex.reason()).isEqualTo(reason));
	}

	@Test
	void submitWhenValidThenPendingWithExpiry() {
		AccessRequest request = pendingRead();
		assertThat(request.state()).isEqualTo(RequestState.PENDING);
		assertThat(request.requester()).isEqualTo("alice");
		assertThat(request.organisation()).isEqualTo("itron");
		assertThat(request.expiresAt()).isEqualTo(Instant.parse("2026-11-26T10:00:00Z"));
	}

	@Test
	void submitWhenDurationOverTargetMaximumThenRefuseDurationOverCap() {
		assertRefused(() -> submit(TestTargets.HEAD_END, "read", Duration.ofHours(9)), RefusalReason.DURATION_OVER_CAP);
	}

	@Test
	void submitWhenDurationNotPositiveThenRefuseInvalidWindow() {
		assertRefused(() -> submit(TestTargets.HEAD_END, "read", Duration.ZERO), RefusalReason.INVALID_WINDOW);
		assertRefused(() -> submit(TestTargets.HEAD_END, "read", Duration.ofMinutes(-5)), RefusalReason.INVALID_WINDOW);
	}

	@Test
	void submitWhenStartInThePastOrTooFarAheadThenRefuseInvalidWindow() {
		assertRefused(() -> AccessRequest.submit("r-1", this.alice, TestTargets.HEAD_END, "read",
				Optional.of(Instant.parse("2026-11-25T09:00:00Z")), Duration.ofMinutes(30), "why", "T-1", Duration.ofHours(24),
				this.clock), RefusalReason.INVALID_WINDOW);
		assertRefused(() -> AccessRequest.submit("r-1", this.alice, TestTargets.HEAD_END, "read",
				Optional.of(Instant.parse("2027-01-25T09:00:00Z")), Duration.ofMinutes(30), "why", "T-1", Duration.ofHours(24),
				this.clock), RefusalReason.INVALID_WINDOW);
	}

	@Test
	void submitWhenLevelNotOfferedThenRefuseUnknownLevel() {
		assertRefused(() -> submit(TestTargets.MDM, "firmware", Duration.ofMinutes(30)), RefusalReason.UNKNOWN_LEVEL);
	}

	@Test
	void submitWhenTargetIsDecoyThenRefuseUnknownTarget() {
		assertRefused(() -> submit(TestTargets.DECOY, "read", Duration.ofMinutes(30)), RefusalReason.UNKNOWN_TARGET);
	}

	@Test
	void submitWhenRequesterIsNotVendorEngineerThenRefuseNotARequester() {
		assertRefused(() -> AccessRequest.submit("r-1", this.bob, TestTargets.HEAD_END, "read", Optional.empty(),
				Duration.ofMinutes(30), "why", "T-1", Duration.ofHours(24), this.clock), RefusalReason.NOT_A_REQUESTER);
	}

	@Test
	void submitWhenReasonOrTicketBlankThenRefuseMissingJustification() {
		assertRefused(() -> AccessRequest.submit("r-1", this.alice, TestTargets.HEAD_END, "read", Optional.empty(),
				Duration.ofMinutes(30), " ", "T-1", Duration.ofHours(24), this.clock), RefusalReason.MISSING_JUSTIFICATION);
	}

	@Test
	void submitWhenReasonOrTicketOverTheLimitThenRefuseTextTooLong() {
		assertRefused(() -> AccessRequest.submit("r-1", this.alice, TestTargets.HEAD_END, "read", Optional.empty(),
				Duration.ofMinutes(30), "why", "x".repeat(1001), Duration.ofHours(24), this.clock),
				RefusalReason.TEXT_TOO_LONG);
		assertRefused(() -> AccessRequest.submit("r-1", this.alice, TestTargets.HEAD_END, "read", Optional.empty(),
				Duration.ofMinutes(30), "y".repeat(1001), "T-1", Duration.ofHours(24), this.clock),
				RefusalReason.TEXT_TOO_LONG);
	}

	@Test
	void approveWhenStandardTargetThenOneApprovalIssuesGrantForTheWindow() {
		this.clock.advance(Duration.ofMinutes(10));
		ApprovalOutcome outcome = approve(pendingRead(), this.bob);
		assertThat(outcome.request().state()).isEqualTo(RequestState.APPROVED);
		Grant grant = outcome.grant().orElseThrow();
		assertThat(grant.subject()).isEqualTo("alice");
		assertThat(grant.organisation()).isEqualTo("itron");
		assertThat(grant.level()).isEqualTo("read");
		assertThat(grant.notBefore()).isEqualTo(Instant.parse("2026-11-25T10:10:00Z"));
		assertThat(grant.notAfter()).isEqualTo(Instant.parse("2026-11-25T10:40:00Z"));
		assertThat(grant.approvers()).containsExactly("bob");
		assertThat(outcome.request().grantId()).isEqualTo(grant.id());
	}

	@Test
	void approveWhenScheduledStartThenGrantCoversExactlyTheRequestedWindow() {
		AccessRequest request = AccessRequest.submit("r-1", this.alice, TestTargets.HEAD_END, "read",
				Optional.of(Instant.parse("2026-11-25T14:00:00Z")), Duration.ofHours(2), "why", "T-1", Duration.ofHours(24),
				this.clock);
		Grant grant = approve(request, this.bob).grant().orElseThrow();
		assertThat(grant.notBefore()).isEqualTo(Instant.parse("2026-11-25T14:00:00Z"));
		assertThat(grant.notAfter()).isEqualTo(Instant.parse("2026-11-25T16:00:00Z"));
	}

	@Test
	void approveWhenCriticalTargetThenTwoDistinctApproversNeeded() {
		AccessRequest request = submit(TestTargets.MDM, "read", Duration.ofMinutes(30));
		ApprovalOutcome first = approve(request, this.bob);
		assertThat(first.grant()).isEmpty();
		assertThat(first.request().state()).isEqualTo(RequestState.PENDING);
		assertThat(first.request().approvals()).hasSize(1);
		ApprovalOutcome second = approve(first.request(), this.carol);
		assertThat(second.grant()).isPresent();
		assertThat(second.grant().get().approvers()).containsExactly("bob", "carol");
	}

	@Test
	void approveWhenFirmwareLevelOnStandardTargetThenTwoApproversNeeded() {
		AccessRequest request = submit(TestTargets.HEAD_END, "firmware", Duration.ofMinutes(30));
		assertThat(approve(request, this.bob).grant()).isEmpty();
	}

	@Test
	void approveWhenSameApproverTwiceThenRefuseAlreadyApprovedByYou() {
		AccessRequest once = approve(submit(TestTargets.MDM, "read", Duration.ofMinutes(30)), this.bob).request();
		assertRefused(() -> approve(once, this.bob), RefusalReason.ALREADY_APPROVED_BY_YOU);
	}

	@Test
	void approveWhenRequesterApprovesOwnRequestThenRefuseSelfApproval() {
		Actor aliceAlsoApprover = Actor.of("alice", "itron", Role.VENDOR_ENGINEER, Role.APPROVER);
		assertRefused(() -> approve(pendingRead(), aliceAlsoApprover), RefusalReason.SELF_APPROVAL);
	}

	@Test
	void approveWhenApproverFromRequesterOrganisationThenRefuseSameOrganisation() {
		Actor itronApprover = Actor.of("dave", "itron", Role.APPROVER);
		assertRefused(() -> approve(pendingRead(), itronApprover), RefusalReason.SAME_ORGANISATION);
	}

	@Test
	void approveWhenActorLacksApproverRoleThenRefuseNotAnApprover() {
		Actor admin = Actor.of("erin", "utility", Role.SECURITY_ADMIN);
		assertRefused(() -> approve(pendingRead(), admin), RefusalReason.NOT_AN_APPROVER);
	}

	@Test
	void approveWhenPendingLifetimeOverThenRefuseRequestExpired() {
		AccessRequest request = pendingRead();
		this.clock.advance(Duration.ofHours(24));
		assertRefused(() -> approve(request, this.bob), RefusalReason.REQUEST_EXPIRED);
	}

	@Test
	void approveWhenScheduledWindowAlreadyOverThenRefuseRequestExpired() {
		AccessRequest request = AccessRequest.submit("r-1", this.alice, TestTargets.HEAD_END, "read",
				Optional.of(Instant.parse("2026-11-25T11:00:00Z")), Duration.ofMinutes(30), "why", "T-1", Duration.ofHours(24),
				this.clock);
		this.clock.set(Instant.parse("2026-11-25T11:30:00Z"));
		assertRefused(() -> approve(request, this.bob), RefusalReason.REQUEST_EXPIRED);
	}

	@Test
	void approveWhenAlreadyDecidedThenRefuseNotPending() {
		AccessRequest approved = approve(pendingRead(), this.bob).request();
		assertRefused(() -> approve(approved, this.carol), RefusalReason.NOT_PENDING);
		AccessRequest denied = pendingRead().deny(this.bob, "no ticket", this.clock);
		assertRefused(() -> approve(denied, this.carol), RefusalReason.NOT_PENDING);
		AccessRequest cancelled = pendingRead().cancel(this.alice, this.clock);
		assertRefused(() -> approve(cancelled, this.carol), RefusalReason.NOT_PENDING);
	}

	@Test
	void denyWhenReviewerIsRequesterThenRefuseSelfApproval() {
		Actor aliceAlsoApprover = Actor.of("alice", "itron", Role.VENDOR_ENGINEER, Role.APPROVER);
		assertRefused(() -> pendingRead().deny(aliceAlsoApprover, "no", this.clock), RefusalReason.SELF_APPROVAL);
	}

	@Test
	void denyWhenPendingThenDeniedWithComment() {
		AccessRequest denied = pendingRead().deny(this.bob, "no change ticket", this.clock);
		assertThat(denied.state()).isEqualTo(RequestState.DENIED);
		assertThat(denied.resolvedBy()).isEqualTo("bob");
		assertThat(denied.resolution()).isEqualTo("no change ticket");
		assertRefused(() -> denied.deny(this.carol, "again", this.clock), RefusalReason.NOT_PENDING);
	}

	@Test
	void cancelWhenNotTheRequesterThenRefuseNotYourRequest() {
		Actor mallory = Actor.of("mallory", "itron", Role.VENDOR_ENGINEER);
		assertRefused(() -> pendingRead().cancel(mallory, this.clock), RefusalReason.NOT_YOUR_REQUEST);
	}

	@Test
	void expireIfDueWhenPastLifetimeThenExpiredAndFinal() {
		AccessRequest request = pendingRead();
		assertThat(request.expireIfDue(this.clock)).isSameAs(request);
		this.clock.advance(Duration.ofHours(24));
		AccessRequest expired = request.expireIfDue(this.clock);
		assertThat(expired.state()).isEqualTo(RequestState.EXPIRED);
		assertRefused(() -> expired.cancel(this.alice, this.clock), RefusalReason.NOT_PENDING);
		assertThat(expired.expireIfDue(this.clock)).isSameAs(expired);
	}

	@Test
	void resolvedRequestKeepsItsImmutableFieldsAcrossTransitions() {
		AccessRequest request = pendingRead();
		AccessRequest approved = approve(request, this.bob).request();
		assertThat(approved).extracting(AccessRequest::id, AccessRequest::requester, AccessRequest::targetId,
				AccessRequest::level, AccessRequest::duration, AccessRequest::createdAt, AccessRequest::reason)
			.containsExactly(request.id(), request.requester(), request.targetId(), request.level(), request.duration(),
					request.createdAt(), request.reason());
	}

	@Test
	void approvalRuleWhenMisconfiguredThenRejected() {
		assertThatThrownBy(() -> new ApprovalRule(0, 2, java.util.Set.of())).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new ApprovalRule(2, 1, java.util.Set.of())).isInstanceOf(IllegalArgumentException.class);
	}

}
