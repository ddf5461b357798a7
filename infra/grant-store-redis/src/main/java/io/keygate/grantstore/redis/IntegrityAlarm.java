package io.keygate.grantstore.redis;

/**
 * Where a store reports what failed verification (the store has already logged it at ERROR and
 * refused it). The gateway turns it into a HIGH audit entry and a metric; the auth server into a
 * HIGH audit entry. Called on the thread that read the record: must not block.
 */
@FunctionalInterface
public interface IntegrityAlarm {

	void raised(IntegrityViolation violation);

	/** Logs only (the store logs every violation itself): for tools that have no audit. */
	static IntegrityAlarm logOnly() {
		return violation -> {
		};
	}

}
