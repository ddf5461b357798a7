package io.keygate.policy.breach;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** Receipts for the embedded mode, where the gateway runs in the auth server's process. */
public final class InMemorySuspensionReceipts implements SuspensionReceipts {

	private final Map<String, SuspensionReceipt> receipts = new ConcurrentHashMap<>();

	@Override
	public void record(SuspensionReceipt receipt) {
		Objects.requireNonNull(receipt, "receipt cannot be null");
		this.receipts.put(receipt.organisation() + "\n" + receipt.suspension() + "\n" + receipt.gatewayInstance(), receipt);
	}

	@Override
	public List<SuspensionReceipt> receiptsFor(String organisation, String suspension) {
		return this.receipts.values()
			.stream()
			.filter(r -> r.organisation().equals(organisation) && r.suspension().equals(suspension))
			.sorted(Comparator.comparing(SuspensionReceipt::gatewayInstance))
			.toList();
	}

}
