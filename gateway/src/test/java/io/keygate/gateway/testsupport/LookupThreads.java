package io.keygate.gateway.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.keygate.policy.grant.GrantLookup;
import io.keygate.policy.grant.GrantStore;
import io.keygate.policy.grant.ForwardingGrantStore;
import reactor.core.scheduler.Schedulers;

/**
 * A real grant store that also notes, for every lookup, whether it ran on a non-blocking
 * (event-loop) thread, where a blocking Redis call would stall every connection of that loop.
 */
public final class LookupThreads extends ForwardingGrantStore {

	private final List<String> onEventLoop = new CopyOnWriteArrayList<>();

	private final List<String> lookups = new CopyOnWriteArrayList<>();

	public LookupThreads(GrantStore delegate) {
		super(delegate);
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

}
