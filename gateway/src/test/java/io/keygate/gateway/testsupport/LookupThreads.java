package io.keygate.gateway.testsupport;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantLookup;
import io.keygate.policy.grant.GrantStore;
import io.keygate.policy.grant.RevocationListener;
import reactor.core.scheduler.Schedulers;

/**
 * A real grant store that also notes, for every lookup, whether it ran on a non-blocking
 * (event-loop) thread, where a blocking Redis call would stall every connection of that loop.
 */
public final class LookupThreads implements GrantStore {

	private final GrantStore delegate;

	private final List<String> onEventLoop = new CopyOnWriteArrayList<>();

	private final List<String> lookups = new CopyOnWriteArrayList<>();

	public LookupThreads(GrantStore delegate) {
		this.delegate = delegate;
	}

	public List<String> lookupsOnEventLoop() {
		return List.copyOf(this.onEventLoop);
	}

	public int lookups() {
		return this.lookups.size();
	}

	@Override
	public GrantLookup lookup(String subject, String organisation, String targetId) {
		String thread = Thread.currentThread().getName();
		this.lookups.add(thread);
		if (Schedulers.isInNonBlockingThread()) {
			this.onEventLoop.add(thread);
		}
		return this.delegate.lookup(subject, organisation, targetId);
	}

	@Override
	public PutResult put(Grant grant) {
		return this.delegate.put(grant);
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
