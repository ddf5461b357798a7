package io.keygate.grantstore.redis.firmware;

import java.util.List;
import java.util.Objects;

import io.keygate.grantstore.redis.IntegrityKeys;
import io.keygate.policy.firmware.FirmwareRegisterUnavailableException;

/**
 * Every firmware value in Redis carries an HMAC of the installation's integrity keys (the grant
 * store's), over the key prefix, the hash key, the field and the value: whoever can write Redis but
 * holds no key cannot list an image, drop a window's effect by editing it, or release a hold. A
 * value that does not verify is never read as data; the register reports itself unavailable, and
 * the gate refuses (fail closed).
 */
final class SignedFirmwareValues {

	private static final String PURPOSE = "keygate.firmware.v1";

	private final IntegrityKeys keys;

	private final String prefix;

	SignedFirmwareValues(IntegrityKeys keys, String prefix) {
		this.keys = Objects.requireNonNull(keys, "keys cannot be null");
		this.prefix = Objects.requireNonNull(prefix, "prefix cannot be null");
	}

	String sign(String key, String field, String value) {
		IntegrityKeys.Signature signature = this.keys.sign(PURPOSE, List.of(this.prefix, key, field, value));
		return signature.keyId() + "\t" + signature.mac() + "\t" + value;
	}

	/** The value of a signed entry, or an exception naming the entry when it does not verify. */
	String verified(String key, String field, String stored) {
		String[] parts = stored.split("\t", 3);
		if (parts.length == 3) {
			IntegrityKeys.Verdict verdict = this.keys.verify(PURPOSE, List.of(this.prefix, key, field, parts[2]), parts[0],
					parts[1]);
			if (verdict == IntegrityKeys.Verdict.VALID) {
				return parts[2];
			}
			throw new FirmwareRegisterUnavailableException("firmware record " + key + "/" + field + " failed verification ("
					+ verdict + "): Redis was written without the integrity key", null);
		}
		throw new FirmwareRegisterUnavailableException("firmware record " + key + "/" + field + " is not signed", null);
	}

}
