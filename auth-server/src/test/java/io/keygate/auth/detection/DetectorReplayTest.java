package io.keygate.auth.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.keygate.auth.testsupport.KeygateHttpTest;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.detection.NewNetworkThresholds;
import io.keygate.policy.detection.SignInNewNetworkDetector;
import io.keygate.policy.detection.Strictness;

/**
 * A detector's memory survives a restart: a detector created after sign-ins were chained learns
 * them from the chain (its look-back, up to where it is first fed), so the person's usual
 * network is not new and an unusual one still is — and without the replay it could not know.
 */
class DetectorReplayTest extends KeygateHttpTest {

	@Autowired
	ChainHistory chain;

	private AuditEvent signIn(String person, String address, Instant at) {
		return this.audit.append(AuditEntry.builder(AuditAction.WEBAUTHN_SIGNIN_SUCCEEDED, at)
			.actor(person)
			.organisation("itron")
			.outcome("SUCCEEDED")
			.clientAddress(address)
			.detail("credentialId", "cred-" + person)
			.build());
	}

	private static SignInNewNetworkDetector fresh() {
		return new SignInNewNetworkDetector(NewNetworkThresholds.DEFAULT, NewNetworkThresholds.STRICT);
	}

	@Test
	void observeWhenRestartedThenRemembersNetworksFromTheChain() {
		String person = "replay-" + System.nanoTime() + "@itron.example";
		Instant now = Instant.now();
		signIn(person, "198.51.100.20", now.minus(Duration.ofDays(40)));
		signIn(person, "203.0.113.20", now.minus(Duration.ofDays(3)));
		AuditEvent usual = signIn(person, "203.0.113.77", now.minusSeconds(60));
		AuditEvent beyondMemory = signIn(person, "198.51.100.21", now);

		ReplayingDetector restarted = new ReplayingDetector(fresh(), this.chain);
		assertThat(restarted.observe(usual, Strictness.NORMAL)).as("a network seen three days ago is known").isEmpty();
		assertThat(restarted.observe(beyondMemory, Strictness.NORMAL)).as("one last seen 40 days ago is new again")
			.singleElement()
			.satisfies(finding -> assertThat(finding.eventSequences()).containsExactly(beyondMemory.sequence()));

		ReplayingDetector amnesiac = new ReplayingDetector(fresh(), null);
		amnesiac.observe(usual, Strictness.NORMAL);
		assertThat(amnesiac.observe(beyondMemory, Strictness.NORMAL)).as("without replay there was no baseline").hasSize(1);
	}

	@Test
	void observeWhenRestartedThenEventsFromTheResumePointAreJudgedNotLearnt() {
		String person = "resume-" + System.nanoTime() + "@itron.example";
		Instant now = Instant.now();
		signIn(person, "198.51.100.30", now.minus(Duration.ofDays(2)));
		AuditEvent newNetwork = signIn(person, "192.0.2.30", now.minusSeconds(30));
		signIn(person, "192.0.2.31", now);

		// The runner resumes at newNetwork: it is judged (new), not learnt before being judged.
		ReplayingDetector restarted = new ReplayingDetector(fresh(), this.chain);
		assertThat(restarted.observe(newNetwork, Strictness.NORMAL)).hasSize(1);
	}

}
