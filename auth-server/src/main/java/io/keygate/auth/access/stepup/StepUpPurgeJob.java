package io.keygate.auth.access.stepup;

import java.time.Clock;
import java.time.Duration;

import org.springframework.scheduling.annotation.Scheduled;

/**
 * Deletes step-up challenges a day after they expired. A used challenge is kept inside the
 * approval it signed (the evidence an auditor re-verifies), so the table row proves nothing once
 * expired; the day's grace leaves recent refusals inspectable. Runs on the request expiry sweep's
 * interval, as it did when it was part of that sweep.
 */
public final class StepUpPurgeJob {

	/** How long an expired challenge is kept for someone looking into a refused approval. */
	static final Duration GRACE = Duration.ofDays(1);

	private final StepUpVerifier stepUp;

	private final Clock clock;

	public StepUpPurgeJob(StepUpVerifier stepUp, Clock clock) {
		this.stepUp = stepUp;
		this.clock = clock;
	}

	/** How many challenges were deleted; a database that fails deletes none and is tried again next run. */
	@Scheduled(fixedDelayString = "${keygate.access.expiry-sweep-interval:PT1M}",
			initialDelayString = "${keygate.access.expiry-sweep-interval:PT1M}")
	public int purgeExpired() {
		return this.stepUp.forgetOlderThan(this.clock.instant().minus(GRACE));
	}

}
