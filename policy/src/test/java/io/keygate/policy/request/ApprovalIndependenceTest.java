package io.keygate.policy.request;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.keygate.policy.fixtures.TestTargets;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.identity.Role;
import io.keygate.policy.request.AccessRequest.ApprovalOutcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Separation of duties on approvals: an approval never counts when the approving account is, was
 * enrolled by, enrolled, or shares an enrolling admin with, another approval's account.
 */
class ApprovalIndependenceTest {

	private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

	private final Actor vendor = Actor.of("vic", "itron", Role.VENDOR_ENGINEER);

	private final Actor bob = Actor.of("bob", "utility", Role.APPROVER);

	private final Actor carol = Actor.of("carol", "utility", Role.APPROVER);

	private final Actor adminApprover = Actor.of("sam", "utility", Role.APPROVER, Role.SECURITY_ADMIN);

	/** A request on a critical target: two approvals needed. */
	private AccessRequest approvedOnceBy(Actor first, EnrolledBy enrolledBy) {
		AccessRequest request = AccessRequest.submit("r-1", this.vendor, TestTargets.MDM, "read", Optional.empty(),
				Duration.ofMinutes(30), "replace meter firmware", "CHG-1234", Duration.ofHours(24),
				Clock.fixed(NOW, ZoneOffset.UTC));
		ApprovalOutcome first1 = request.approve(first, TestTargets.MDM, ApprovalRule.DEFAULT, "ok", "assertion-1", "g-1", NOW,
				enrolledBy);
		assertThat(first1.grant()).isEmpty();
		return first1.request();
	}

	private ApprovalOutcome second(AccessRequest request, Actor approver, EnrolledBy enrolledBy) {
		return request.approve(approver, TestTargets.MDM, ApprovalRule.DEFAULT, "ok", "assertion-2", "g-1", NOW, enrolledBy);
	}

	@Test
	void approveWhenBothApproversEnrolledBySameAdminThenRefusedNotIndependentAndNoGrant() {
		EnrolledBy enrolledBy = new EnrolledBy(Map.of("bob", Set.of("mallory"), "carol", Set.of("mallory")));
		AccessRequest request = approvedOnceBy(this.bob, enrolledBy);

		assertThat(request.reviewRefusal(this.carol, NOW, enrolledBy)).contains(RefusalReason.NOT_INDEPENDENT);
		assertThatThrownBy(() -> second(request, this.carol, enrolledBy)).isInstanceOfSatisfying(RequestRefusedException.class,
				ex -> assertThat(ex.reason()).isEqualTo(RefusalReason.NOT_INDEPENDENT));
		assertThat(request.approvals()).hasSize(1);
	}

	@Test
	void approveWhenApproverWasEnrolledByTheEarlierApproverThenRefusedNotIndependent() {
		EnrolledBy enrolledBy = new EnrolledBy(Map.of("carol", Set.of("sam")));
		AccessRequest request = approvedOnceBy(this.adminApprover, enrolledBy);

		assertThat(request.reviewRefusal(this.carol, NOW, enrolledBy)).contains(RefusalReason.NOT_INDEPENDENT);
	}

	@Test
	void approveWhenApproverEnrolledTheEarlierApproverThenRefusedNotIndependent() {
		EnrolledBy enrolledBy = new EnrolledBy(Map.of("bob", Set.of("sam")));
		AccessRequest request = approvedOnceBy(this.bob, enrolledBy);

		assertThat(request.reviewRefusal(this.adminApprover, NOW, enrolledBy)).contains(RefusalReason.NOT_INDEPENDENT);
	}

	@Test
	void approveWhenReEnrolledBySameAdminAsTheOtherWasCreatedByThenRefusedNotIndependent() {
		// carol was created by ann but later re-enrolled by mallory, who also created bob.
		EnrolledBy enrolledBy = new EnrolledBy(Map.of("bob", Set.of("mallory"), "carol", Set.of("ann", "mallory")));
		AccessRequest request = approvedOnceBy(this.bob, enrolledBy);

		assertThat(request.reviewRefusal(this.carol, NOW, enrolledBy)).contains(RefusalReason.NOT_INDEPENDENT);
	}

	@Test
	void approveWhenEnrolledByDifferentAdminsThenSecondApprovalIssuesTheGrant() {
		EnrolledBy enrolledBy = new EnrolledBy(Map.of("bob", Set.of("ann"), "carol", Set.of("sam")));
		AccessRequest request = approvedOnceBy(this.bob, enrolledBy);

		ApprovalOutcome outcome = second(request, this.carol, enrolledBy);

		assertThat(outcome.grant()).isPresent();
		assertThat(outcome.request().state()).isEqualTo(RequestState.APPROVED);
		assertThat(outcome.grant().get().approvers()).containsExactly("bob", "carol");
	}

	@Test
	void independentWhenSameAccountThenNever() {
		assertThat(ApprovalRule.independent("bob", "bob", EnrolledBy.NOBODY)).isFalse();
		assertThat(ApprovalRule.independent("bob", "carol", EnrolledBy.NOBODY)).isTrue();
	}

}
