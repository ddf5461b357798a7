package io.keygate.policy.decoy;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The embedded mode's registry: one per JVM, shared by the auth server and the gateway. */
public final class InMemoryHoneytokenRegistry implements HoneytokenRegistry {

	private final Map<String, String> idsByHash = new ConcurrentHashMap<>();

	@Override
	public Optional<String> idOf(String hash) {
		return hash == null ? Optional.empty() : Optional.ofNullable(this.idsByHash.get(hash));
	}

	@Override
	public void plant(String id, String hash) {
		this.idsByHash.put(Objects.requireNonNull(hash, "hash cannot be null"), Objects.requireNonNull(id, "id cannot be null"));
	}

	@Override
	public void remove(String hash) {
		this.idsByHash.remove(Objects.requireNonNull(hash, "hash cannot be null"));
	}

	@Override
	public boolean isEmpty() {
		return this.idsByHash.isEmpty();
	}

	@Override
	public Map<String, String> all() {
		return Map.copyOf(this.idsByHash);
	}

}
