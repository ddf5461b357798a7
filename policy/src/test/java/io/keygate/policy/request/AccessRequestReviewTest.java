package io.keygate.policy.request;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.keygate.policy.fixtures.TestTargets;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantWindow;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.identity.Role;
import io.keygate.policy.request.AccessRequest.ApprovalOutcome;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The review query ({@link AccessRequest#reviewRefusal}) and the approval at one instant: every deny
 * branch answers the same reason as the approval itself would refuse with, and nothing changes.
 */
class AccessRequestReviewTest {

	private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

	private final Actor alice = Actor.of("alice", "itron", Role.VENDOR_ENGINEER);

	private final Actor bob = Actor.of("bob", "utility", Role.APPROVER);

	private final Actor carol = Actor.of("carol", "utility", Role.APPROVER);

	private AccessRequest pending(Optional<Instant> start, Duration duration) {
		return AccessRequest.submit("r-1", this.alice, TestTargets.MDM, "read", start, duration, "replace meter firmware",
				"CHG-1234", Duration.ofHours(24), java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC));
	}

	private AccessRequest pendingNow() {
		return pending(Optional.empty(), Duration.ofMinutes(30));
	}

	private ApprovalOutcome approve(AccessRequest request, Actor approver, Instant at) {
		return request.approve(approver, TestTargets.MDM, ApprovalRule.DEFAULT, "ok", "assertion", "g-1", at);
	}

	@Test
	void reviewWhenApproverMayApproveThenNoRefusalAndNothingChanges() {
		AccessRequest request = pendingNow();

		assertThat(request.reviewRefusal(this.bob, NOW)).isEmpty();
		assertThat(request.state()).isEqualTo(RequestState.PENDING);
		assertThat(request.approvals()).isEmpty();
	}

	@Test
	void reviewWhenAlreadyDecidedThenRefusalNotPending() {
		AccessRequest denied = pendingNow().deny(this.bob, "no ticket", java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC));

		assertThat(denied.reviewRefusal(this.carol, NOW)).contains(RefusalReason.NOT_PENDING);
	}

	@Test
	void reviewWhenPendingLifetimeOverThenRefusalRequestExpired() {
		assertThat(pendingNow().reviewRefusal(this.bob, NOW.plus(Duration.ofHours(24))))
			.contains(RefusalReason.REQUEST_EXPIRED);
	}

	@Test
	void reviewWhenRequesterReviewsOwnRequestThenRefusalSelfApproval() {
		Actor aliceAlsoApprover = Actor.of("alice", "itron", Role.VENDOR_ENGINEER, Role.APPROVER);

		assertThat(pendingNow().reviewRefusal(aliceAlsoApprover, NOW)).contains(RefusalReason.SELF_APPROVAL);
	}

	@Test
	void reviewWhenActorLacksApproverRoleThenRefusalNotAnApprover() {
		Actor admin = Actor.of("sam", "utility", Role.SECURITY_ADMIN);

		assertThat(pendingNow().reviewRefusal(admin, NOW)).contains(RefusalReason.NOT_AN_APPROVER);
	}

	@Test
	void reviewWhenApproverFromRequesterOrganisationThenRefusalSameOrganisation() {
		Actor itronApprover = Actor.of("ivan", "itron", Role.APPROVER);

		assertThat(pendingNow().reviewRefusal(itronApprover, NOW)).contains(RefusalReason.SAME_ORGANISATION);
	}

	@Test
	void reviewWhenApproverAlreadyApprovedThenRefusalAlreadyApprovedByYou() {
		// MDM is critical: one approval leaves the request pending for a second approver.
		AccessRequest halfApproved = approve(pendingNow(), this.bob, NOW).request();

		assertThat(halfApproved.state()).isEqualTo(RequestState.PENDING);
		assertThat(halfApproved.reviewRefusal(this.bob, NOW)).contains(RefusalReason.ALREADY_APPROVED_BY_YOU);
		assertThat(halfApproved.reviewRefusal(this.carol, NOW)).isEmpty();
	}

	@Test
	void reviewWhenRequestedWindowAlreadyOverThenRefusalRequestExpired() {
		AccessRequest request = pending(Optional.of(NOW.plus(Duration.ofMinutes(10))), Duration.ofMinutes(30));

		assertThat(request.reviewRefusal(this.bob, NOW.plus(Duration.ofMinutes(40)))).contains(RefusalReason.REQUEST_EXPIRED);
		assertThat(request.reviewRefusal(this.bob, NOW.plus(Duration.ofMinutes(39)))).isEmpty();
	}

	@Test
	void approveWhenNoStartThenGrantStartsAtTheApprovalInstantAndIsLiveNotScheduled() {
		AccessRequest halfApproved = approve(pendingNow(), this.bob, NOW).request();
		Instant at = NOW.plus(Duration.ofMinutes(3));

		ApprovalOutcome outcome = approve(halfApproved, this.carol, at);

		Grant grant = outcome.grant().orElseThrow();
		assertThat(grant.window()).isEqualTo(new GrantWindow(at, at.plus(Duration.ofMinutes(30))));
		assertThat(outcome.scheduled()).isFalse();
	}

	@Test
	void approveWhenStartLaterThenGrantScheduledForTheRequestedWindow() {
		Instant start = NOW.plus(Duration.ofHours(2));
		AccessRequest request = pending(Optional.of(start), Duration.ofHours(1));

		ApprovalOutcome outcome = approve(approve(request, this.bob, NOW).request(), this.carol, NOW);

		assertThat(outcome.grant().orElseThrow().window()).isEqualTo(new GrantWindow(start, start.plus(Duration.ofHours(1))));
		assertThat(outcome.scheduled()).isTrue();
	}

	@Test
	void windowWhenStartPassedThenFromNowUntilTheRequestedEnd() {
		Instant start = NOW.minus(Duration.ofMinutes(4));
		AccessRequest request = pending(Optional.of(start), Duration.ofMinutes(30));

		assertThat(request.windowIfApprovedAt(NOW)).contains(new GrantWindow(NOW, start.plus(Duration.ofMinutes(30))));
		assertThat(request.windowIfApprovedAt(start.plus(Duration.ofMinutes(30)))).isEmpty();
	}

	@Test
	void wouldOverlapWhenSamePersonHoldsTheTargetInTheWindowThenTrue() {
		AccessRequest request = pendingNow();
		Grant held = new Grant("g-0", "alice", "itron", "mdm", "read", NOW.minus(Duration.ofMinutes(5)),
				NOW.plus(Duration.ofMinutes(5)), "r-0", List.of("bob"));

		assertThat(request.wouldOverlap(held, NOW)).isTrue();
	}

	@Test
	void wouldOverlapWhenHeldGrantIsOfAnotherPersonOrTargetOrEndsBeforeThenFalse() {
		AccessRequest request = pendingNow();
		Grant bobs = new Grant("g-1", "dave", "itron", "mdm", "read", NOW, NOW.plus(Duration.ofHours(1)), "r-1", List.of("bob"));
		Grant otherTarget = new Grant("g-2", "alice", "itron", "head-end", "read", NOW, NOW.plus(Duration.ofHours(1)), "r-2",
				List.of("bob"));
		Grant endsNow = new Grant("g-3", "alice", "itron", "mdm", "read", NOW.minus(Duration.ofHours(1)), NOW, "r-3",
				List.of("bob"));

		assertThat(request.wouldOverlap(bobs, NOW)).isFalse();
		assertThat(request.wouldOverlap(otherTarget, NOW)).isFalse();
		assertThat(request.wouldOverlap(endsNow, NOW)).isFalse();
	}

}
