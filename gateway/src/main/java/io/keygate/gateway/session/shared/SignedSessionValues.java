package io.keygate.gateway.session.shared;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

import org.springframework.data.redis.serializer.JdkSerializationRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.data.redis.serializer.SerializationException;

import io.keygate.grantstore.redis.IntegrityAlarm;
import io.keygate.grantstore.redis.IntegrityKeys;
import io.keygate.grantstore.redis.IntegrityViolation;

/**
 * The values of a gateway session in Redis (its Spring Security context above all), signed with the
 * installation's integrity keys. Anyone who can write to Redis could otherwise plant a session that
 * is signed in as anybody, or a Java serialisation gadget: a value is deserialised only after its
 * MAC verified, and one that does not verify makes the session unreadable, which the gateway treats
 * as signed out ({@link FailClosedWebSessionStore}) and raises as an integrity violation.
 * <p>
 * What a MAC over the value cannot stop: a writer moving a genuine value to another session key. That
 * needs the value, hence read access, which already hands out every session id; the ACL user and the
 * network policy (only Keygate's pods reach Redis) are the defence there.
 * <p>
 * Layout: {@code keyId ':' mac '\n'} then the JDK serialisation of the value.
 */
final class SignedSessionValues implements RedisSerializer<Object> {

	static final String PURPOSE = "keygate-gateway-session-value";

	/** Longer than any key id (128) and MAC: a header not found within is no header. */
	private static final int MAX_HEADER = 256;

	private final IntegrityKeys keys;

	private final IntegrityAlarm alarm;

	private final JdkSerializationRedisSerializer jdk;

	private final VerifiedValues verified = new VerifiedValues(4096);

	SignedSessionValues(IntegrityKeys keys, IntegrityAlarm alarm, ClassLoader classLoader) {
		this.keys = Objects.requireNonNull(keys, "keys cannot be null");
		this.alarm = Objects.requireNonNull(alarm, "alarm cannot be null");
		this.jdk = new JdkSerializationRedisSerializer(classLoader);
	}

	@Override
	public byte[] serialize(Object value) {
		if (value == null) {
			return new byte[0];
		}
		byte[] payload = this.jdk.serialize(value);
		IntegrityKeys.Signature signature = this.keys.sign(PURPOSE, List.of(Base64.getEncoder().encodeToString(payload)));
		byte[] header = (signature.keyId() + ":" + signature.mac() + "\n").getBytes(StandardCharsets.US_ASCII);
		byte[] out = Arrays.copyOf(header, header.length + payload.length);
		System.arraycopy(payload, 0, out, header.length, payload.length);
		return out;
	}

	@Override
	public Object deserialize(byte[] bytes) {
		if (bytes == null || bytes.length == 0) {
			return null;
		}
		// The very bytes this process verified and read before (MAC included): the same value again.
		Object known = this.verified.get(bytes);
		if (known != null) {
			return known;
		}
		int newline = -1;
		for (int i = 0; i < Math.min(bytes.length, MAX_HEADER); i++) {
			if (bytes[i] == '\n') {
				newline = i;
				break;
			}
		}
		String header = newline < 0 ? "" : new String(bytes, 0, newline, StandardCharsets.US_ASCII);
		int colon = header.indexOf(':');
		byte[] payload = newline < 0 ? bytes : Arrays.copyOfRange(bytes, newline + 1, bytes.length);
		IntegrityKeys.Verdict verdict = colon < 0 ? IntegrityKeys.Verdict.MISSING
				: this.keys.verify(PURPOSE, List.of(Base64.getEncoder().encodeToString(payload)), header.substring(0, colon),
						header.substring(colon + 1));
		if (verdict != IntegrityKeys.Verdict.VALID) {
			String problem = "gateway session value " + verdict;
			this.alarm.raised(new IntegrityViolation(IntegrityViolation.Record.BROWSER_SESSION, "session value", problem,
					new String(bytes, 0, Math.min(bytes.length, IntegrityViolation.RAW_LIMIT), StandardCharsets.ISO_8859_1)));
			throw new SerializationException(problem + ": the session is treated as signed out");
		}
		Object value = this.jdk.deserialize(payload);
		this.verified.remember(bytes, value);
		return value;
	}

}
