package io.keygate.gateway.breach;

import java.time.Clock;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.keygate.gateway.session.RevocationWatcher;
import io.keygate.policy.breach.SuspensionReceipt;
import io.keygate.policy.breach.SuspensionReceipts;
import io.keygate.policy.grant.RevocationEvent;

/**
 * After this gateway instance closed an organisation's live sessions (on a suspension or an
 * organisation-wide revocation), it leaves a receipt in the store: which suspension, which instance,
 * how many sessions, when. The auth server shows one per gateway on a breach declaration's result
 * page, and a missing one red.
 */
public final class SuspensionReceiptWriter {

	private static final Logger log = LoggerFactory.getLogger(SuspensionReceiptWriter.class);

	private final SuspensionReceipts receipts;

	private final String instanceId;

	private final Clock clock;

	public SuspensionReceiptWriter(RevocationWatcher watcher, SuspensionReceipts receipts, String instanceId, Clock clock) {
		this.receipts = Objects.requireNonNull(receipts, "receipts cannot be null");
		if (instanceId == null || instanceId.isBlank()) {
			throw new IllegalArgumentException("the gateway instance id cannot be blank");
		}
		this.instanceId = instanceId;
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
		watcher.afterOrganisationClosed(this::closed);
	}

	void closed(RevocationEvent event, int sessionsClosed) {
		SuspensionReceipt receipt = new SuspensionReceipt(event.key(), event.reason(), this.instanceId, sessionsClosed,
				this.clock.instant());
		this.receipts.record(receipt);
		log.info("Receipt for {} ({}): {} session(s) closed by {}", event.key(), event.reason(), sessionsClosed, this.instanceId);
	}

	public String instanceId() {
		return this.instanceId;
	}

}
