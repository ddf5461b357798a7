package io.keygate.auth.oidc;

import java.util.ArrayList;
import java.util.List;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

/**
 * Serves the stored keys to the token encoder and the JWKS endpoint. Read from the database on
 * each use so that a rotation on one node is seen by all. The encoder finds the signing key by
 * the {@code kid} the token customizer puts in the header ({@link #signingKeyId()}).
 */
public final class PersistedJwkSource implements JWKSource<SecurityContext> {

	private final SigningKeyStore store;

	public PersistedJwkSource(SigningKeyStore store) {
		this.store = store;
	}

	@Override
	public List<JWK> get(JWKSelector selector, SecurityContext context) {
		List<JWK> keys = new ArrayList<>();
		for (SigningKeyStore.StoredKey key : this.store.published()) {
			keys.add(key.jwk());
		}
		return selector.select(new JWKSet(keys));
	}

	public String signingKeyId() {
		return this.store.activeOrCreate().getKeyID();
	}

}
