package io.keygate.policy.request;

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

}
