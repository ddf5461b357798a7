package io.keygate.policy.shape;

import java.util.Objects;

/**
 * One known way for a request to tell an upstream "treat me as another method or another URL":
 * where it travels ({@link Carrier}), its canonical name (see {@link OverrideVectors#canonicalHeader}
 * and {@link OverrideVectors#canonicalParameter}) and the server stacks known to honour it, so a
 * reviewer can check the entry against the stack's documentation.
 */
public record OverrideVector(Carrier carrier, String name, String honouredBy) {

	/** Where the override travels. */
	public enum Carrier {
		/** A request header. */
		HEADER,
		/** A parameter, in the query string or in a form body (urlencoded or multipart). */
		PARAMETER
	}

	public OverrideVector {
		Objects.requireNonNull(carrier, "carrier cannot be null");
		Objects.requireNonNull(name, "name cannot be null");
		Objects.requireNonNull(honouredBy, "honouredBy cannot be null");
	}

}
