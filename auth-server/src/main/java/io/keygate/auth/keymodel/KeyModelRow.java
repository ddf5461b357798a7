package io.keygate.auth.keymodel;

import java.util.List;
import java.util.Objects;

/**
 * One authenticator model in use.
 *
 * @param aaguid the model's AAGUID
 * @param model its name (FIDO metadata, else Keygate's bundle), or a sentence saying it is unknown
 * @param root the subject of the attestation root its keys chain to, or a sentence saying none is
 * trusted any more
 * @param people who registered a key of this model, sorted
 * @param keys how many keys of this model are registered
 */
public record KeyModelRow(String aaguid, String model, String root, List<String> people, int keys) {

	public KeyModelRow {
		Objects.requireNonNull(aaguid, "aaguid cannot be null");
		Objects.requireNonNull(model, "model cannot be null");
		Objects.requireNonNull(root, "root cannot be null");
		people = List.copyOf(people);
	}

}
