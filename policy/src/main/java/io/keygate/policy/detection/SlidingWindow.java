package io.keygate.policy.detection;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Distinct items seen for one key (a person, a network) within a window of event time, each with
 * the chained event that last showed it. Bounded: beyond {@code maxItems} the oldest is dropped,
 * so a flood of distinct paths costs a fixed amount of memory and still crosses any threshold.
 */
final class SlidingWindow {

	private record Seen(Instant at, long sequence) {
	}

	private final LinkedHashMap<String, Seen> items = new LinkedHashMap<>();

	private final int maxItems;

	/** When a finding was last raised for this key; another waits until that falls out of the window. */
	private Instant firedAt;

	SlidingWindow(int maxItems) {
		this.maxItems = maxItems;
	}

	SlidingWindow copy() {
		SlidingWindow copy = new SlidingWindow(this.maxItems);
		copy.items.putAll(this.items);
		copy.firedAt = this.firedAt;
		return copy;
	}

	/** Adds {@code item} at {@code at} and forgets what is older than {@code window} before it. */
	void add(String item, Instant at, long sequence, Duration window) {
		this.items.remove(item);
		this.items.put(item, new Seen(at, sequence));
		expire(at, window);
		while (this.items.size() > this.maxItems) {
			Iterator<String> eldest = this.items.keySet().iterator();
			eldest.next();
			eldest.remove();
		}
	}

	void expire(Instant now, Duration window) {
		Instant horizon = now.minus(window);
		this.items.values().removeIf(seen -> seen.at().isBefore(horizon));
		if (this.firedAt != null && this.firedAt.isBefore(horizon)) {
			this.firedAt = null;
		}
	}

	int size() {
		return this.items.size();
	}

	boolean isEmpty() {
		return this.items.isEmpty();
	}

	/** Whether a finding was raised for this key within the window (one finding per burst, not one per event). */
	boolean firedWithin() {
		return this.firedAt != null;
	}

	void fired(Instant at) {
		this.firedAt = at;
	}

	List<String> items() {
		return List.copyOf(this.items.keySet());
	}

	List<Long> sequences() {
		List<Long> sequences = new ArrayList<>(this.items.size());
		for (Map.Entry<String, Seen> entry : this.items.entrySet()) {
			sequences.add(entry.getValue().sequence());
		}
		return sequences.stream().sorted().distinct().toList();
	}

}
