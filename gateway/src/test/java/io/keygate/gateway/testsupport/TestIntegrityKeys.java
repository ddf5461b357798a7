package io.keygate.gateway.testsupport;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.keygate.grantstore.redis.IntegrityAlarm;
import io.keygate.grantstore.redis.IntegrityKey;
import io.keygate.grantstore.redis.IntegrityKeys;
import io.keygate.grantstore.redis.IntegrityViolation;
import io.keygate.grantstore.redis.StoreIntegrity;

/** The integrity key the test gateways and the test's stand-in auth server share. */
public final class TestIntegrityKeys {

	public static final IntegrityKey KEY = new IntegrityKey("test-k1", "gateway-test-integrity-key-0123456789abcdef");

	private TestIntegrityKeys() {
	}

	/** The gateway properties that configure {@link #KEY}. */
	public static Map<String, Object> properties() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("keygate.grant-store.integrity-keys[0].id", KEY.id());
		properties.put("keygate.grant-store.integrity-keys[0].secret", KEY.secret());
		return properties;
	}

	public static IntegrityKeys keys() {
		return IntegrityKeys.of(KEY);
	}

	/** For a store of the test's own (the auth server's stand-in): alarms only logged. */
	public static StoreIntegrity storeIntegrity() {
		return new StoreIntegrity(keys(), IntegrityAlarm.logOnly());
	}

	/** An alarm that keeps what it is told. */
	public static final class RecordingAlarm implements IntegrityAlarm {

		public final List<IntegrityViolation> raised = new CopyOnWriteArrayList<>();

		@Override
		public void raised(IntegrityViolation violation) {
			this.raised.add(violation);
		}

	}

}
