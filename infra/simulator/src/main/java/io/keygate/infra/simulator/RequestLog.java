package io.keygate.infra.simulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Every request the simulator received, newest last, in memory and bounded. Tests read it to
 * prove what did (or did not) reach the OT system behind the gateway, and with which headers.
 */
public final class RequestLog {

	private final int capacity;

	/** By sequence number, in arrival order: completing an entry is one lookup, not a scan. */
	private final LinkedHashMap<Long, ReceivedRequest> entries = new LinkedHashMap<>();

	private long sequence;

	public RequestLog(int capacity) {
		if (capacity < 1) {
			throw new IllegalArgumentException("capacity must be positive: " + capacity);
		}
		this.capacity = capacity;
	}

	synchronized ReceivedRequest record(ReceivedRequest request) {
		ReceivedRequest numbered = new ReceivedRequest(++this.sequence, request.at(), request.method(), request.path(),
				request.query(), request.remoteAddress(), request.credentialPresented(), request.principal(), request.headers(),
				request.status());
		this.entries.put(numbered.sequence(), numbered);
		if (this.entries.size() > this.capacity) {
			Map.Entry<Long, ReceivedRequest> eldest = this.entries.entrySet().iterator().next();
			this.entries.remove(eldest.getKey());
		}
		return numbered;
	}

	/** Records the answered status of an entry, when it is still in the log. */
	synchronized void complete(long sequenceNumber, int status) {
		this.entries.computeIfPresent(sequenceNumber, (number, entry) -> entry.withStatus(status));
	}

	public synchronized List<ReceivedRequest> all() {
		return List.copyOf(this.entries.values());
	}

	public synchronized List<ReceivedRequest> matching(Predicate<ReceivedRequest> filter) {
		return this.entries.values().stream().filter(filter).toList();
	}

	/** Requests received after the one numbered {@code sequenceNumber}. */
	public synchronized List<ReceivedRequest> since(long sequenceNumber) {
		return this.entries.values().stream().filter(entry -> entry.sequence() > sequenceNumber).toList();
	}

	/** The sequence number of the newest request, 0 when none came yet; a marker for {@link #since}. */
	public synchronized long lastSequence() {
		return this.sequence;
	}

	public synchronized int size() {
		return this.entries.size();
	}

}
