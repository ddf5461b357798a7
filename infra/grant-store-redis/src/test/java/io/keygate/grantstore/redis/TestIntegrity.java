package io.keygate.grantstore.redis;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Integrity keys for tests, and an alarm that records what it is told. */
final class TestIntegrity implements IntegrityAlarm {

	static final IntegrityKey KEY_1 = new IntegrityKey("k1", "test-integrity-key-one-0123456789abcdef");

	static final IntegrityKey KEY_2 = new IntegrityKey("k2", "test-integrity-key-two-0123456789abcdef");

	final List<IntegrityViolation> raised = new CopyOnWriteArrayList<>();

	@Override
	public void raised(IntegrityViolation violation) {
		this.raised.add(violation);
	}

	StoreIntegrity with(IntegrityKey... keys) {
		return new StoreIntegrity(IntegrityKeys.of(keys), this);
	}

	/** Key 1 only, alarms dropped (the store logs them). */
	static StoreIntegrity keys() {
		return new StoreIntegrity(IntegrityKeys.of(KEY_1), IntegrityAlarm.logOnly());
	}

}
