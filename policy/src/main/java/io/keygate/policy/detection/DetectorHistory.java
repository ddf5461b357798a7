package io.keygate.policy.detection;

import java.time.Duration;
import java.util.Set;

/**
 * What a {@link Detector} must have seen before it can judge the next event correctly: the chain
 * events of these actions over this look-back. A detector keeps its memory in the process, so
 * after a restart the host replays that slice of the chain through {@link Detector#observe} (and
 * drops the findings, which were raised before) before feeding it new events; a "new network"
 * is then new against the last 30 days, not against the last restart.
 * <p>
 * Detectors keep state that does not depend on {@link Strictness} (strictness only changes the
 * judgement), so a replay at {@link Strictness#NORMAL} restores exactly the state they had.
 */
public interface DetectorHistory {

	Duration lookback();

	/** The dotted actions the detector reads; others need not be replayed. */
	Set<String> actions();

}
