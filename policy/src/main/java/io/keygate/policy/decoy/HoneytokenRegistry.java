package io.keygate.policy.decoy;

import java.util.Map;
import java.util.Optional;

/**
 * The hashes of the live honeytokens, where the gateways and the auth server look a presented
 * candidate up: in-memory in the embedded mode (shared through the parent context), Redis in the
 * distributed mode. The auth server's database holds the record (who planted what, where, when);
 * this holds only what the hot path needs, hash to token id.
 */
public interface HoneytokenRegistry {

	/** The id of the live token whose SHA-256 is {@code hash}; never throws, never blocks for long. */
	Optional<String> idOf(String hash);

	/** Makes a token live (or again live after a store restart). */
	void plant(String id, String hash);

	/** Makes a token inert: presenting it afterwards is an ordinary request. */
	void remove(String hash);

	/** Every live hash with its id. */
	Map<String, String> all();

	/** Whether no token is live: the hot path then looks at nothing at all. */
	default boolean isEmpty() {
		return all().isEmpty();
	}

	/** The id of the first live token among the candidates found in {@code values}. */
	default Optional<String> firstPresented(Iterable<String> values) {
		for (String value : values) {
			for (String candidate : HoneytokenFormat.candidates(value)) {
				Optional<String> id = idOf(HoneytokenFormat.hash(candidate));
				if (id.isPresent()) {
					return id;
				}
			}
		}
		return Optional.empty();
	}

}
