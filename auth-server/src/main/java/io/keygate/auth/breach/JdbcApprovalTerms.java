package io.keygate.auth.breach;

import java.time.Instant;

import io.keygate.policy.request.ApprovalTerms;

/**
 * The stricter approval terms recorded when an organisation resumed after a breach, read on every
 * approval. A database that cannot answer refuses the approval (the exception reaches the approval
 * path's refusal handling): doubt never lowers the bar.
 */
final class JdbcApprovalTerms implements ApprovalTerms {

	private final BreachRepository repository;

	JdbcApprovalTerms(BreachRepository repository) {
		this.repository = repository;
	}

	@Override
	public int minimumApprovals(String organisation, Instant at) {
		return this.repository.minimumApprovals(organisation, at);
	}

}
