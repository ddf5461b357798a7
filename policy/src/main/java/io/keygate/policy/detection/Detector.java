package io.keygate.policy.detection;

import java.util.List;

import io.keygate.policy.audit.AuditEvent;

/**
 * A pure function over the chained audit stream, with memory: it is fed every chained event in
 * sequence order, once, and returns what it concludes from that event and what it remembers. It
 * does no I/O and reads no clock (time comes from the events), so the same stream always yields
 * the same findings — in the embedded mode, in the distributed mode, and in a test replaying a
 * fixture. Its memory is bounded (windows expire by event time).
 */
public interface Detector {

	/** Stable id, used in alerts, configuration and dedup keys (e.g. {@code signin-new-network}). */
	String id();

	List<Finding> observe(AuditEvent event, Strictness strictness);

}
