package io.keygate.grantstore.redis;

import java.util.Objects;

/**
 * What a Redis store needs to trust what it reads: the shared key ring and where to report a
 * record that does not verify.
 */
public record StoreIntegrity(IntegrityKeys keys, IntegrityAlarm alarm) {

	public StoreIntegrity {
		Objects.requireNonNull(keys, "keys cannot be null");
		Objects.requireNonNull(alarm, "alarm cannot be null");
	}

	/** The key ring of {@code settings} (required in the distributed mode), reporting to {@code alarm}. */
	public static StoreIntegrity of(GrantStoreSettings settings, IntegrityAlarm alarm) {
		return new StoreIntegrity(IntegrityKeys.of(settings.integrityKeys()), alarm);
	}

}
