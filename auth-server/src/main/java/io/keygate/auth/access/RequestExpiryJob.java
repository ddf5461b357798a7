package io.keygate.auth.access;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;

import io.keygate.auth.access.request.AccessRequestRepository;
import io.keygate.auth.access.request.StoredRequest;
import io.keygate.policy.request.RequestState;

/**
 * Pending requests past their lifetime become EXPIRED (and say so to the audit chain and the
 * webhook) even when nobody reads them: an approver must not find a stale request approvable, and
 * the requester is told. Reading a request expires it too; this catches the ones nobody reads.
 */
public final class RequestExpiryJob {

	private static final Logger log = LoggerFactory.getLogger(RequestExpiryJob.class);

	private static final int BATCH = 500;

	private final AccessSupport support;

	private final AccessRequestRepository requests;

	private final Clock clock;

	public RequestExpiryJob(AccessSupport support, AccessRequestRepository requests, Clock clock) {
		this.support = support;
		this.requests = requests;
		this.clock = clock;
	}

	/** How many requests this run expired; a database that fails is tried again at the next run. */
	@Scheduled(fixedDelayString = "${keygate.access.expiry-sweep-interval:PT1M}",
			initialDelayString = "${keygate.access.expiry-sweep-interval:PT1M}")
	public int expireDue() {
		Instant now = this.clock.instant();
		int expired = 0;
		try {
			for (String id : this.requests.findDueForExpiry(now, BATCH)) {
				Optional<StoredRequest> stored = this.requests.find(id);
				if (stored.isPresent()
						&& this.support.expireLazily(stored.get().request(), now).state() == RequestState.EXPIRED) {
					expired++;
				}
			}
		}
		catch (DataAccessException ex) {
			log.warn("Expiry sweep failed, will retry: {}", ex.toString());
		}
		return expired;
	}

}
