package io.keygate.policy.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.keygate.policy.audit.AuditChainVerifier.Verification;

import static org.assertj.core.api.Assertions.assertThat;

class AuditChainVerifierTest {

	private final List<AuditEvent> events = new ArrayList<>();

	@BeforeEach
	void fiveEvents() {
		InMemoryAuditLog log = new InMemoryAuditLog();
		for (int i = 0; i < 5; i++) {
			log.append(AuditEntry.builder(AuditAction.ACCESS_DECISION, Instant.parse("2026-11-25T10:00:00Z").plusSeconds(i))
				.actor("alice")
				.organisation("itron")
				.target("head-end")
				.outcome(i % 2 == 0 ? "ALLOW" : "DENY")
				.reason(i % 2 == 0 ? "" : "NO_GRANT")
				.clientAddress("192.0.2.7")
				.detail("path", "/api/meters/" + i)
				.build());
		}
		this.events.addAll(log.events());
	}

	private AuditEvent with(AuditEvent event, AuditEntry entry) {
		return new AuditEvent(event.sequence(), entry, event.previousHash(), event.hash());
	}

	@Test
	void verifyWhenChainUntouchedThenIntact() {
		Verification verification = AuditChainVerifier.verify(this.events);
		assertThat(verification.intact()).isTrue();
		assertThat(verification.eventsChecked()).isEqualTo(5);
	}

	@Test
	void verifyWhenEmptyThenIntact() {
		assertThat(AuditChainVerifier.verify(List.of()).intact()).isTrue();
	}

	@Test
	void verifyWhenEventAlteredThenPointsAtIt() {
		AuditEvent third = this.events.get(2);
		AuditEntry forged = AuditEntry.builder(AuditAction.of(third.entry().action()).orElseThrow(), third.entry().at())
			.actor("mallory")
			.organisation("itron")
			.target("head-end")
			.outcome("ALLOW")
			.clientAddress("192.0.2.7")
			.detail("path", "/api/meters/2")
			.build();
		this.events.set(2, with(third, forged));
		Verification verification = AuditChainVerifier.verify(this.events);
		assertThat(verification.intact()).isFalse();
		assertThat(verification.firstBrokenSequence()).isEqualTo(3);
		assertThat(verification.problem()).contains("altered");
	}

	@Test
	void verifyWhenOnlyADetailAlteredThenBroken() {
		AuditEvent second = this.events.get(1);
		AuditEntry entry = second.entry();
		AuditEntry forged = new AuditEntry(entry.at(), entry.actor(), entry.organisation(), entry.action(), entry.targetId(),
				entry.grantId(), entry.requestId(), entry.outcome(), entry.reason(), entry.clientAddress(), entry.severity(),
				java.util.Map.of("path", "/api/meters/999"));
		this.events.set(1, with(second, forged));
		assertThat(AuditChainVerifier.verify(this.events).firstBrokenSequence()).isEqualTo(2);
	}

	@Test
	void verifyWhenEventRemovedThenPointsAtTheGap() {
		this.events.remove(1);
		Verification verification = AuditChainVerifier.verify(this.events);
		assertThat(verification.intact()).isFalse();
		assertThat(verification.firstBrokenSequence()).isEqualTo(2);
		assertThat(verification.problem()).contains("removed or reordered");
	}

	@Test
	void verifyWhenEventRemovedAndRenumberedThenLinkBreaks() {
		// An attacker who deletes event 2 and renumbers the rest cannot recompute the links
		// without also rewriting every later hash, which the head hash kept elsewhere would expose.
		List<AuditEvent> renumbered = new ArrayList<>();
		renumbered.add(this.events.get(0));
		for (int i = 2; i < this.events.size(); i++) {
			AuditEvent e = this.events.get(i);
			renumbered.add(new AuditEvent(e.sequence() - 1, e.entry(), e.previousHash(), e.hash()));
		}
		Verification verification = AuditChainVerifier.verify(renumbered);
		assertThat(verification.intact()).isFalse();
		assertThat(verification.firstBrokenSequence()).isEqualTo(2);
	}

	@Test
	void verifyWhenTwoEventsSwappedThenBroken() {
		AuditEvent second = this.events.get(1);
		this.events.set(1, this.events.get(2));
		this.events.set(2, second);
		Verification verification = AuditChainVerifier.verify(this.events);
		assertThat(verification.intact()).isFalse();
		assertThat(verification.firstBrokenSequence()).isEqualTo(2);
	}

	@Test
	void verifyWhenLastEventTruncatedThenStillIntactUpToWhatRemains() {
		// Truncation of the tail is only visible against an anchored head; the verifier reports
		// how many events it checked so the caller can compare with the stored head.
		this.events.remove(4);
		assertThat(AuditChainVerifier.verify(this.events).eventsChecked()).isEqualTo(4);
	}

	@Test
	void hashWhenFieldBoundariesShiftThenDiffers() {
		Instant at = Instant.parse("2026-11-25T10:00:00Z");
		AuditEntry ab = AuditEntry.builder(AuditAction.ACCESS_DECISION, at).actor("ab").organisation("c").build();
		AuditEntry a = AuditEntry.builder(AuditAction.ACCESS_DECISION, at).actor("a").organisation("bc").build();
		assertThat(AuditHashing.hash(1, ab, AuditHashing.GENESIS)).isNotEqualTo(AuditHashing.hash(1, a, AuditHashing.GENESIS));
	}

	@Test
	void resumeWhenChainContinuesAfterRestartThenStillVerifies() {
		AuditChain resumed = AuditChain.resume(this.events.get(4));
		this.events.add(resumed.append(AuditEntry.builder(AuditAction.REQUEST_APPROVAL, Instant.parse("2026-11-25T11:00:00Z")).build()));
		assertThat(AuditChainVerifier.verify(this.events).intact()).isTrue();
	}

}
