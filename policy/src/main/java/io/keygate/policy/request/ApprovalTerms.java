package io.keygate.policy.request;

import java.time.Instant;

/**
 * Stricter approval terms an organisation is under for a while (e.g. after a breach, two
 * approvals for every request for 90 days). The approval path asks once per approval; terms only
 * ever raise what {@link ApprovalRule} asks, never lower it.
 */
public interface ApprovalTerms {

	/** The fewest approvals any request of {@code organisation} needs at {@code at}; 0 for none beyond the rule. */
	int minimumApprovals(String organisation, Instant at);

	/** No terms beyond the configured rule. */
	ApprovalTerms NONE = (organisation, at) -> 0;

	/** {@code base} raised to the organisation's minimum at {@code at} (at most 5, the rule's own ceiling). */
	default ApprovalRule ruleFor(String organisation, ApprovalRule base, Instant at) {
		int minimum = Math.min(5, minimumApprovals(organisation, at));
		if (minimum <= base.standard()) {
			return base;
		}
		return new ApprovalRule(minimum, Math.max(minimum, base.critical()), base.sensitiveLevels());
	}

}
