package io.keygate.auth.alert;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code keygate.alerts.*}: how the detection runner tails the chain.
 *
 * @param enabled whether this replica runs detections (default true; the cursor lock makes several safe)
 * @param pollInterval how often the chain is read (default 200 ms: a decoy touch must be acted on
 * well inside the revocation bound)
 * @param batchSize events per pass (default 500)
 * @param maxBatchesPerTick passes per tick before pending cut-offs get their turn (default 20)
 * @param maxResponseAttempts tries of an automatic cut-off before it is left to a person (default 50, ~10 s)
 */
@ConfigurationProperties("keygate.alerts")
public record AlertProperties(@DefaultValue("true") boolean enabled, @DefaultValue("PT0.2S") Duration pollInterval,
		@DefaultValue("500") int batchSize, @DefaultValue("20") int maxBatchesPerTick,
		@DefaultValue("50") int maxResponseAttempts) {

	public AlertProperties {
		if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
			throw new IllegalArgumentException("keygate.alerts.poll-interval must be positive, was " + pollInterval);
		}
		if (batchSize < 1 || batchSize > 10_000) {
			throw new IllegalArgumentException("keygate.alerts.batch-size must be 1..10000, was " + batchSize);
		}
		if (maxBatchesPerTick < 1) {
			throw new IllegalArgumentException("keygate.alerts.max-batches-per-tick must be at least 1, was " + maxBatchesPerTick);
		}
		if (maxResponseAttempts < 1) {
			throw new IllegalArgumentException("keygate.alerts.max-response-attempts must be at least 1, was " + maxResponseAttempts);
		}
	}

}
