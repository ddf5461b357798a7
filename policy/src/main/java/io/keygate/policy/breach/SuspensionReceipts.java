package io.keygate.policy.breach;

import java.util.List;

/**
 * Where gateways leave their receipts for an organisation's suspension and the auth server reads
 * them. In memory in the embedded mode (one process), in the shared store in the distributed mode.
 * A gateway that cannot write its receipt logs it and carries on: the missing receipt is what
 * tells the admin to look at that gateway.
 */
public interface SuspensionReceipts {

	void record(SuspensionReceipt receipt);

	/** The receipts given for {@code organisation}'s suspension named {@code suspension}, by instance. */
	List<SuspensionReceipt> receiptsFor(String organisation, String suspension);

}
