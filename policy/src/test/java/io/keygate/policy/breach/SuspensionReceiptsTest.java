package io.keygate.policy.breach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class SuspensionReceiptsTest {

	@Test
	void receiptsForWhenTwoGatewaysAnsweredThenBothForThatSuspensionOnly() {
		InMemorySuspensionReceipts receipts = new InMemorySuspensionReceipts();
		Instant at = Instant.parse("2026-11-08T10:00:00Z");
		receipts.record(new SuspensionReceipt("itron", "breach d1: ADV-1", "gw-b", 2, at));
		receipts.record(new SuspensionReceipt("itron", "breach d1: ADV-1", "gw-a", 0, at));
		receipts.record(new SuspensionReceipt("itron", "an earlier suspension", "gw-a", 5, at));
		receipts.record(new SuspensionReceipt("landis", "breach d1: ADV-1", "gw-a", 1, at));

		assertThat(receipts.receiptsFor("itron", "breach d1: ADV-1")).extracting(SuspensionReceipt::gatewayInstance,
				SuspensionReceipt::sessionsClosed)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("gw-a", 0), org.assertj.core.groups.Tuple.tuple("gw-b", 2));
	}

	@Test
	void receiptWhenNoInstanceOrNegativeCountThenRejected() {
		Instant at = Instant.now();
		assertThatThrownBy(() -> new SuspensionReceipt("itron", "s", " ", 0, at)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new SuspensionReceipt("itron", "s", "gw", -1, at)).isInstanceOf(IllegalArgumentException.class);
	}

}
