package io.keygate.policy.detection;

import java.time.Instant;

/**
 * Which organisations are watched strictly at a given time (a breach declaration sets this for a
 * period). The detection runner asks it once per event; an implementation that cannot answer must
 * say {@link Strictness#STRICT}: doubt tightens, never loosens.
 */
public interface StrictOrganisations {

	Strictness at(String organisation, Instant at);

	/** Nobody is strict: for tests and for installations without breach declarations. */
	StrictOrganisations NONE = (organisation, at) -> Strictness.NORMAL;

}
