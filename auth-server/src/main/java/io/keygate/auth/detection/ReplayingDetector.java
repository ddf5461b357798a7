package io.keygate.auth.detection;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.detection.Detector;
import io.keygate.policy.detection.DetectorHistory;
import io.keygate.policy.detection.Finding;
import io.keygate.policy.detection.Strictness;

/**
 * A detector whose memory survives a restart. The first event it is handed tells it where the
 * runner resumed; before judging it, the chain slice the detector needs ({@link DetectorHistory}:
 * its actions over its look-back, up to that event) is replayed through it and the findings of
 * the replay are dropped (they were raised before the restart, or belong to events the runner
 * already passed). Replaying up to exactly the runner's position, rather than up to the head at
 * start, means no event is both learnt and then judged against itself.
 */
public final class ReplayingDetector implements Detector {

	private static final Logger log = LoggerFactory.getLogger(ReplayingDetector.class);

	private final Detector delegate;

	private final DetectorHistory history;

	private final ChainHistory chain;

	private boolean replayed;

	<D extends Detector & DetectorHistory> ReplayingDetector(D delegate, ChainHistory chain) {
		this.delegate = Objects.requireNonNull(delegate, "delegate cannot be null");
		this.history = delegate;
		this.chain = chain;
		this.replayed = chain == null;
	}

	@Override
	public String id() {
		return this.delegate.id();
	}

	@Override
	public synchronized List<Finding> observe(AuditEvent event, Strictness strictness) {
		if (!this.replayed) {
			this.replayed = true;
			Instant from = event.entry().at().minus(this.history.lookback());
			try {
				int count = this.chain.replay(from, event.sequence(), this.history.actions(),
						earlier -> this.delegate.observe(earlier, Strictness.NORMAL));
				log.info("Detector {} replayed {} chain events from {} before #{}", id(), count, from, event.sequence());
			}
			catch (RuntimeException ex) {
				// Judging without history is better than not judging: networks look new (more findings),
				// windows start empty (a burst straddling the restart may be missed); the log says so.
				log.error("Detector {} could not replay its history before #{}; it starts with an empty memory", id(),
						event.sequence(), ex);
			}
		}
		return this.delegate.observe(event, strictness);
	}

	/** The detector inside, for tests and for the alerts page's description of what runs. */
	public Detector delegate() {
		return this.delegate;
	}

}
