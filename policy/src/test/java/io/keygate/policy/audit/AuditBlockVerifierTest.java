package io.keygate.policy.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.keygate.policy.audit.AuditChainVerifier.Verification;

import static org.assertj.core.api.Assertions.assertThat;

class AuditBlockVerifierTest {

	private final List<SealedBlock> blocks = new ArrayList<>();

	private static AuditEntry entry(int n) {
		return AuditEntry.builder(AuditAction.ACCESS_DECISION, Instant.parse("2026-11-25T10:00:00Z").plusSeconds(n))
			.actor("alice")
			.organisation("itron")
			.target("head-end")
			.outcome(n % 2 == 0 ? "allow" : "deny")
			.detail("path", "/api/meters/" + n)
			.build();
	}

	/** Blocks of 3, 1 and 4 events: sequences 1-3, 4, 5-8. */
	@BeforeEach
	void threeBlocks() {
		AuditBlockChain chain = AuditBlockChain.empty();
		this.blocks.add(chain.seal(List.of(entry(1), entry(2), entry(3))));
		this.blocks.add(chain.seal(List.of(entry(4))));
		this.blocks.add(chain.seal(List.of(entry(5), entry(6), entry(7), entry(8))));
	}

	private void replaceEvent(int block, int position, AuditEvent event) {
		List<AuditEvent> events = new ArrayList<>(this.blocks.get(block).events());
		events.set(position, event);
		this.blocks.set(block, new SealedBlock(this.blocks.get(block).header(), events));
	}

	@Test
	void verifyWhenBlocksUntouchedThenIntactAndEveryEventChecked() {
		assertThat(AuditBlockVerifier.verify(this.blocks)).isEqualTo(Verification.ok(8));
		assertThat(this.blocks.get(2).header().firstSequence()).isEqualTo(5);
		assertThat(this.blocks.get(2).header().previousHash()).isEqualTo(this.blocks.get(1).header().hash());
	}

	@Test
	void verifyWhenEventInsideBlockAlteredThenBrokenAtThatEventNotTheBlock() {
		AuditEvent original = this.blocks.get(2).events().get(2);
		AuditEntry altered = AuditEntry.builder(AuditAction.ACCESS_DECISION, original.entry().at())
			.actor("mallory")
			.organisation("itron")
			.target("head-end")
			.outcome("allow")
			.detail("path", "/api/meters/7")
			.build();
		replaceEvent(2, 2, new AuditEvent(original.sequence(), altered, original.previousHash(), original.hash()));

		Verification verification = AuditBlockVerifier.verify(this.blocks);

		assertThat(verification.intact()).isFalse();
		assertThat(verification.firstBrokenSequence()).isEqualTo(7);
		assertThat(verification.problem()).contains("event 7 was altered");
	}

	@Test
	void verifyWhenEventAndItsHashRewrittenThenBlockFailsAtItsFirstEvent() {
		AuditEvent original = this.blocks.get(2).events().get(1);
		AuditEntry altered = entry(99);
		String rehashed = AuditBlockHashing.eventHash(original.sequence(), 3, 1, altered);
		replaceEvent(2, 1, new AuditEvent(original.sequence(), altered, original.previousHash(), rehashed));

		Verification verification = AuditBlockVerifier.verify(this.blocks);

		assertThat(verification.intact()).isFalse();
		assertThat(verification.firstBrokenSequence()).isEqualTo(5);
		assertThat(verification.problem()).contains("block 3 does not match its events");
	}

	@Test
	void verifyWhenTwoEventsOfABlockSwappedThenBrokenAtTheFirstOfThem() {
		List<AuditEvent> events = new ArrayList<>(this.blocks.get(0).events());
		AuditEvent first = events.get(0);
		AuditEvent second = events.get(1);
		// Swap contents but keep the sequence numbers, as an UPDATE of two rows would.
		events.set(0, new AuditEvent(1, second.entry(), second.previousHash(), second.hash()));
		events.set(1, new AuditEvent(2, first.entry(), first.previousHash(), first.hash()));
		this.blocks.set(0, new SealedBlock(this.blocks.get(0).header(), events));

		Verification verification = AuditBlockVerifier.verify(this.blocks);

		assertThat(verification.intact()).isFalse();
		assertThat(verification.firstBrokenSequence()).isEqualTo(1);
	}

	@Test
	void verifyWhenMiddleBlockRemovedThenBrokenWhereItWas() {
		this.blocks.remove(1);

		Verification verification = AuditBlockVerifier.verify(this.blocks);

		assertThat(verification.intact()).isFalse();
		assertThat(verification.firstBrokenSequence()).isEqualTo(4);
		assertThat(verification.problem()).contains("expected block 2");
	}

	@Test
	void verifyWhenEventRemovedFromBlockThenBrokenAtBlockStart() {
		List<AuditEvent> events = new ArrayList<>(this.blocks.get(2).events());
		events.remove(3);
		this.blocks.set(2, new SealedBlock(this.blocks.get(2).header(), events));

		Verification verification = AuditBlockVerifier.verify(this.blocks);

		assertThat(verification.intact()).isFalse();
		assertThat(verification.firstBrokenSequence()).isEqualTo(5);
	}

	@Test
	void verifyWhenLegacyEventsPrecedeBlocksThenBothVerifyAsOneChain() {
		// A chain written before blocks existed, migrated as blocks of one (V60).
		InMemoryAuditLog legacy = new InMemoryAuditLog();
		List<SealedBlock> chain = new ArrayList<>();
		for (int n = 1; n <= 3; n++) {
			AuditEvent event = legacy.append(entry(n));
			chain.add(new SealedBlock(new AuditBlock(event.sequence(), event.sequence(), 1, event.previousHash(), event.hash(),
					AuditBlock.Format.SINGLE_EVENT_V1), List.of(event)));
		}
		AuditEvent last = legacy.events().get(2);
		AuditBlockChain resumed = AuditBlockChain.resume(3, 3, last.hash());
		chain.add(resumed.seal(List.of(entry(4), entry(5))));

		assertThat(AuditBlockVerifier.verify(chain)).isEqualTo(Verification.ok(5));

		AuditEvent second = chain.get(1).events().get(0);
		chain.set(1, new SealedBlock(chain.get(1).header(),
				List.of(new AuditEvent(2, entry(42), second.previousHash(), second.hash()))));
		assertThat(AuditBlockVerifier.verify(chain).firstBrokenSequence()).isEqualTo(2);
	}

}
