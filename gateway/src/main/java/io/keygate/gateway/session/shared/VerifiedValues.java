package io.keygate.gateway.session.shared;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.security.core.context.SecurityContextImpl;

/**
 * Session values this process already verified and deserialised, by their exact stored bytes (MAC
 * included). A shared session is read from Redis on every request; without this, every proxied
 * request checked the MAC of each value and ran Java deserialisation of the whole security context
 * again, for bytes that had not changed (infra/bench/RESULTS.md). Same bytes, same value: a value
 * found here was verified when it was first read, and a changed or forged value has other bytes, so
 * it is verified anew.
 * <p>
 * Only values no request changes in place are kept: the shared object is handed to every request
 * that reads those bytes. A security context is replaced, never edited, by sign-in and logout;
 * strings, numbers and instants cannot change. Anything else (maps, saved requests) is read afresh.
 * The least recently used entry goes when the bound is reached.
 */
final class VerifiedValues {

	private static final Set<Class<?>> UNCHANGING = Set.of(SecurityContextImpl.class, String.class, Long.class,
			Integer.class, Boolean.class, Instant.class, Duration.class);

	private final Map<ByteBuffer, Object> values;

	VerifiedValues(int bound) {
		this.values = new LinkedHashMap<>(64, 0.75f, true) {
			@Override
			protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Object> eldest) {
				return size() > bound;
			}
		};
	}

	Object get(byte[] stored) {
		synchronized (this.values) {
			return this.values.get(ByteBuffer.wrap(stored));
		}
	}

	void remember(byte[] stored, Object value) {
		if (value == null || !UNCHANGING.contains(value.getClass())) {
			return;
		}
		// A copy: the caller's array is Redis's reply buffer and could be reused.
		ByteBuffer key = ByteBuffer.wrap(stored.clone());
		synchronized (this.values) {
			this.values.put(key, value);
		}
	}

}
