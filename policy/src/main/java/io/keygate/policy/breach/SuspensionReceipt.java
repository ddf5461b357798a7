package io.keygate.policy.breach;

import java.time.Instant;
import java.util.Objects;

/**
 * A gateway instance's word that it closed an organisation's live sessions on a suspension.
 *
 * @param organisation the suspended organisation
 * @param suspension which suspension: the revocation's reason, which names the declaration
 * @param gatewayInstance the gateway instance that closed them (its presence id)
 * @param sessionsClosed how many live sessions it closed
 * @param at when it finished closing them
 */
public record SuspensionReceipt(String organisation, String suspension, String gatewayInstance, int sessionsClosed,
		Instant at) {

	public SuspensionReceipt {
		Objects.requireNonNull(organisation, "organisation cannot be null");
		Objects.requireNonNull(suspension, "suspension cannot be null");
		if (gatewayInstance == null || gatewayInstance.isBlank()) {
			throw new IllegalArgumentException("a receipt names the gateway instance that wrote it");
		}
		if (sessionsClosed < 0) {
			throw new IllegalArgumentException("sessionsClosed cannot be negative: " + sessionsClosed);
		}
		Objects.requireNonNull(at, "at cannot be null");
	}

}
