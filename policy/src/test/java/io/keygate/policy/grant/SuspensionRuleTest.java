package io.keygate.policy.grant;

import org.junit.jupiter.api.Test;

import io.keygate.policy.identity.Actor;
import io.keygate.policy.identity.Role;
import io.keygate.policy.request.RefusalReason;

import static org.assertj.core.api.Assertions.assertThat;

class SuspensionRuleTest {

	private final Actor ann = Actor.of("ann", "utility", Role.APPROVER);

	@Test
	void suspendWhenApproversOwnOrganisationThenRefusedOwnOrganisationSuspension() {
		assertThat(SuspensionRule.refusal(this.ann, "utility")).contains(RefusalReason.OWN_ORGANISATION_SUSPENSION);
		assertThat(SuspensionRule.isOwnOrganisation(this.ann, "utility")).isTrue();
	}

	@Test
	void suspendWhenAnotherOrganisationThenNoRefusal() {
		assertThat(SuspensionRule.refusal(this.ann, "itron")).isEmpty();
		assertThat(SuspensionRule.isOwnOrganisation(this.ann, "itron")).isFalse();
	}

}
