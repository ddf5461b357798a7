package io.keygate.policy.detection;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map that forgets its least recently used entry beyond {@code max}: what keeps a detector's
 * memory bounded when an attacker varies the key (addresses, invented user names, credential ids).
 */
final class BoundedMap<K, V> extends LinkedHashMap<K, V> {

	private static final long serialVersionUID = 1L;

	private final int max;

	BoundedMap(int max) {
		super(16, 0.75f, true);
		if (max < 1) {
			throw new IllegalArgumentException("a bounded map holds at least one entry, was " + max);
		}
		this.max = max;
	}

	@Override
	protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
		return size() > this.max;
	}

}
