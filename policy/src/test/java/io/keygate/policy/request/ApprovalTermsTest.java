package io.keygate.policy.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ApprovalTermsTest {

	private static final Instant NOW = Instant.parse("2026-11-08T10:00:00Z");

	@Test
	void ruleForWhenOrganisationUnderTwoApprovalTermsThenStandardNeedsTwo() {
		ApprovalTerms terms = (organisation, at) -> organisation.equals("itron") ? 2 : 0;

		ApprovalRule itron = terms.ruleFor("itron", ApprovalRule.DEFAULT, NOW);

		assertThat(itron.standard()).isEqualTo(2);
		assertThat(itron.critical()).isEqualTo(2);
		assertThat(itron.sensitiveLevels()).isEqualTo(Set.of("firmware"));
		assertThat(terms.ruleFor("landis", ApprovalRule.DEFAULT, NOW)).isSameAs(ApprovalRule.DEFAULT);
	}

	@Test
	void ruleForWhenTermsLowerThanRuleThenRuleKept() {
		ApprovalRule strict = new ApprovalRule(2, 3, Set.of());
		ApprovalTerms one = (organisation, at) -> 1;

		assertThat(one.ruleFor("itron", strict, NOW)).isSameAs(strict);
		assertThat(ApprovalTerms.NONE.ruleFor("itron", strict, NOW)).isSameAs(strict);
	}

	@Test
	void ruleForWhenTermsAboveCeilingThenFive() {
		ApprovalTerms many = (organisation, at) -> 9;

		assertThat(many.ruleFor("itron", ApprovalRule.DEFAULT, NOW).critical()).isEqualTo(5);
	}

}
