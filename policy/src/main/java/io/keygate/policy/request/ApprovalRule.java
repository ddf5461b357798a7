package io.keygate.policy.request;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;

import io.keygate.policy.catalog.Target;
import io.keygate.policy.catalog.Tier;

/**
 * How many distinct approvers a request needs: {@code standard} for standard targets,
 * {@code critical} for critical targets and for any level in {@code sensitiveLevels} (e.g.
 * {@code firmware}) whatever the tier.
 */
public record ApprovalRule(int standard, int critical, Set<String> sensitiveLevels) {

	/** One approver for standard targets; two for critical ones or firmware uploads. */
	public static final ApprovalRule DEFAULT = new ApprovalRule(1, 2, Set.of("firmware"));

	public ApprovalRule {
		if (standard < 1 || critical < standard || critical > 5) {
			throw new IllegalArgumentException("approvals needed must satisfy 1 <= standard (" + standard + ") <= critical ("
					+ critical + ") <= 5");
		}
		Objects.requireNonNull(sensitiveLevels, "sensitiveLevels cannot be null");
		sensitiveLevels = Set.copyOf(sensitiveLevels);
	}

	public int approvalsNeeded(Target target, String level) {
		if (target.tier() == Tier.CRITICAL || this.sensitiveLevels.contains(level)) {
			return this.critical;
		}
		return this.standard;
	}

	/**
	 * Whether approvals by {@code one} and {@code other} are two people's, as separation of duties
	 * needs: not the same account, neither enrolled (created or re-enrolled) the other, and no admin
	 * enrolled both. An admin who enrolled an account could have put their own key in it, so an
	 * approval from it is, for counting, that admin's.
	 */
	public static boolean independent(String one, String other, EnrolledBy enrolledBy) {
		Objects.requireNonNull(enrolledBy, "enrolledBy cannot be null");
		if (one.equals(other)) {
			return false;
		}
		Set<String> ofOne = enrolledBy.of(one);
		Set<String> ofOther = enrolledBy.of(other);
		return !ofOne.contains(other) && !ofOther.contains(one) && Collections.disjoint(ofOne, ofOther);
	}

}
