package io.keygate.grantstore.redis;

import java.nio.charset.StandardCharsets;

import io.keygate.policy.Names;

/**
 * One key of {@code keygate.grant-store.integrity-keys}: the HMAC-SHA256 secret the auth server and
 * every gateway share, named by {@code id} so that a record says which key signed it (rotation keeps
 * two keys valid at once). The secret comes from a secret store through the environment, never from
 * a file in clear.
 *
 * @param id a short token (letters, digits, '.', '_', '@', '+', '-'), stored beside every MAC
 * @param secret at least 32 bytes (e.g. {@code openssl rand -base64 48}); used as the HMAC key as is
 */
public record IntegrityKey(String id, String secret) {

	/** Shorter secrets are refused: an attacker who can read Redis sees MACs and could guess a short one offline. */
	public static final int MIN_SECRET_BYTES = 32;

	public IntegrityKey {
		if (id == null || !Names.isToken(id)) {
			throw new IllegalArgumentException(GrantStoreSettings.PREFIX
					+ ".integrity-keys[].id must be letters, digits, '.', '_', '@', '+' or '-', was '" + id + "'");
		}
		if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
			throw new IllegalArgumentException(GrantStoreSettings.PREFIX + ".integrity-keys[" + id + "].secret must be at least "
					+ MIN_SECRET_BYTES + " bytes (e.g. openssl rand -base64 48)");
		}
	}

	@Override
	public String toString() {
		// Never the secret: records end up in logs.
		return "IntegrityKey[" + this.id + "]";
	}

}
