package io.keygate.policy.audit;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.keygate.policy.audit.AuditChainVerifier.Verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AuditCheckpointTest {

	private final KeyPair key = generate();

	private final KeyPair other = generate();

	private static KeyPair generate() {
		try {
			return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private AuditCheckpoint signed(long block, String hash) {
		return AuditCheckpoint.sign(block, block * 10, hash, Instant.parse("2026-11-27T10:00:00Z"), "k1", this.key.getPrivate());
	}

	@Test
	void signWhenReadBackFromItsLineThenStillVerifies() {
		AuditCheckpoint checkpoint = signed(7, "ab".repeat(32));
		AuditCheckpoint read = AuditCheckpoint.fromJsonLine(checkpoint.toJsonLine());
		assertThat(read).isEqualTo(checkpoint);
		assertThat(read.signedBy(this.key.getPublic())).isTrue();
		assertThat(read.signedBy(this.other.getPublic())).isFalse();
	}

	@Test
	void signedByWhenAnyFieldChangedThenFalse() {
		AuditCheckpoint checkpoint = signed(7, "ab".repeat(32));
		AuditCheckpoint moved = new AuditCheckpoint(8, checkpoint.lastSequence(), checkpoint.hash(), checkpoint.at(),
				checkpoint.keyId(), checkpoint.signature());
		AuditCheckpoint rehashed = new AuditCheckpoint(7, checkpoint.lastSequence(), "cd".repeat(32), checkpoint.at(),
				checkpoint.keyId(), checkpoint.signature());
		assertThat(moved.signedBy(this.key.getPublic())).isFalse();
		assertThat(rehashed.signedBy(this.key.getPublic())).isFalse();
	}

	@Test
	void fromJsonLineWhenNotACheckpointThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> AuditCheckpoint.fromJsonLine("{\"block\":\"x\"}"));
		assertThatIllegalArgumentException().isThrownBy(() -> AuditCheckpoint.fromJsonLine("hello"));
	}

	@Test
	void verifyWhenStoredBlockHashDiffersFromCheckpointThenBroken() {
		AuditBlock stored = new AuditBlock(7, 61, 10, "00".repeat(32), "ef".repeat(32), AuditBlock.Format.BLOCK_V2);
		Verification intact = Verification.ok(70);

		assertThat(AuditCheckpointVerifier.verify(intact, List.of(signed(7, "ef".repeat(32))), this.key.getPublic(),
				n -> Optional.of(stored))).isEqualTo(intact);
		Verification rewritten = AuditCheckpointVerifier.verify(intact, List.of(signed(7, "ab".repeat(32))),
				this.key.getPublic(), n -> Optional.of(stored));
		assertThat(rewritten.intact()).isFalse();
		assertThat(rewritten.problem()).contains("rewritten");
		assertThat(AuditCheckpointVerifier.verify(intact, List.of(signed(7, "ef".repeat(32))), this.key.getPublic(),
				n -> Optional.empty()).problem()).contains("missing");
		AuditCheckpoint forged = AuditCheckpoint.sign(7, 70, "ef".repeat(32), Instant.EPOCH, "k1", this.other.getPrivate());
		assertThat(AuditCheckpointVerifier.verify(intact, List.of(forged), this.key.getPublic(), n -> Optional.of(stored))
			.problem()).contains("not signed");
	}

}
