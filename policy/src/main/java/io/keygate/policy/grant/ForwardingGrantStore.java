package io.keygate.policy.grant;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantLookup;
import io.keygate.policy.grant.GrantStore;
import io.keygate.policy.grant.RevocationListener;

/**
 * A grant store that hands every call to another one. Decorators override only what they change:
 * the near cache ({@link CachingGrantStore}) its lookups and writes, test stores one failing write
 * or a thread check. Closing it closes the store it forwards to.
 */
public abstract class ForwardingGrantStore implements GrantStore {

	protected final GrantStore delegate;

	protected ForwardingGrantStore(GrantStore delegate) {
		this.delegate = Objects.requireNonNull(delegate, "delegate cannot be null");
	}

	@Override
	public PutResult put(Grant grant) {
		return this.delegate.put(grant);
	}

	@Override
	public GrantLookup lookup(String subject, String organisation, String targetId) {
		return this.delegate.lookup(subject, organisation, targetId);
	}

	@Override
	public Optional<Grant> revoke(String grantId, String reason) {
		return this.delegate.revoke(grantId, reason);
	}

	@Override
	public List<Grant> revokeSubject(String subject, String reason) {
		return this.delegate.revokeSubject(subject, reason);
	}

	@Override
	public List<Grant> revokeOrganisation(String organisation, String reason) {
		return this.delegate.revokeOrganisation(organisation, reason);
	}

	@Override
	public List<Grant> suspend(String organisation, String reason) {
		return this.delegate.suspend(organisation, reason);
	}

	@Override
	public void resume(String organisation) {
		this.delegate.resume(organisation);
	}

	@Override
	public boolean isSuspended(String organisation) {
		return this.delegate.isSuspended(organisation);
	}

	@Override
	public List<Grant> liveGrants() {
		return this.delegate.liveGrants();
	}

	@Override
	public AutoCloseable subscribe(RevocationListener listener) {
		return this.delegate.subscribe(listener);
	}

	@Override
	public boolean revocationFeedUp() {
		return this.delegate.revocationFeedUp();
	}

	@Override
	public void close() {
		this.delegate.close();
	}

}
