package io.keygate.auth.access.stepup;

import java.util.List;
import java.util.Objects;

/**
 * Something a person confirms with a fresh key touch, outside an access request: e.g. a second
 * security admin confirming a privileged invitation, or an admin enabling an account again. The
 * key signs {@code SHA-256(fields, nonce)}, so the assertion says yes to exactly these fields and
 * cannot be replayed for another action.
 *
 * @param reference what the challenge is kept under (at most 64 characters, e.g. {@code inv:<id>})
 * @param purpose a short audit label, e.g. {@code invitation.confirm}
 * @param fields what is being said yes to; the first should name the kind of action and its version
 */
public record KeySignedAction(String reference, String purpose, List<String> fields) {

	public KeySignedAction {
		Objects.requireNonNull(reference, "reference cannot be null");
		if (reference.isBlank() || reference.length() > 64) {
			throw new IllegalArgumentException("reference must have 1 to 64 characters: " + reference);
		}
		Objects.requireNonNull(purpose, "purpose cannot be null");
		fields = List.copyOf(fields);
		if (fields.isEmpty()) {
			throw new IllegalArgumentException("a key-signed action binds at least one field");
		}
	}

}
