package io.keygate.auth.oidc;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;

/**
 * The token-signing keys in the database. The newest unretired key signs; every unretired key
 * is published, so tokens signed before a rotation stay verifiable until the old key is retired.
 */
public class SigningKeyStore {

	private static final Logger log = LoggerFactory.getLogger(SigningKeyStore.class);

	private static final SecureRandom RANDOM = new SecureRandom();

	private final JdbcClient jdbc;

	private final Clock clock;

	private final SecretKeySpec encryptionKey;

	public SigningKeyStore(JdbcClient jdbc, Clock clock, String keyEncryptionSecret) {
		this.jdbc = jdbc;
		this.clock = clock;
		if (keyEncryptionSecret == null || keyEncryptionSecret.isBlank()) {
			this.encryptionKey = null;
			log.warn("keygate.oidc.key-encryption-secret is not set: the token-signing private key is stored unencrypted "
					+ "in the database. Set it (and keep it out of the database's backups) in production.");
		}
		else {
			this.encryptionKey = new SecretKeySpec(sha256(keyEncryptionSecret), "AES");
		}
	}

	/** A stored key: its JWK (with the private part) and whether it signs. */
	public record StoredKey(RSAKey jwk, Instant createdAt, Instant retiredAt) {
	}

	/** Creates the first key when there is none. */
	@Transactional
	public RSAKey activeOrCreate() {
		List<StoredKey> keys = published();
		if (!keys.isEmpty()) {
			return keys.get(0).jwk();
		}
		return rotate();
	}

	/** Adds a newer key, which signs from now on; older keys stay published. */
	@Transactional
	public RSAKey rotate() {
		RSAKey key;
		try {
			key = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.RS256)
				.keyID(UUID.randomUUID().toString())
				.generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("cannot generate an RSA signing key", ex);
		}
		Instant now = this.clock.instant();
		this.jdbc.sql("""
				insert into oidc_signing_keys (kid, algorithm, public_jwk, private_jwk, created_at, retired_at)
				values (?, ?, ?, ?, ?, null)""")
			.params(key.getKeyID(), "RS256", key.toPublicJWK().toJSONString(), protect(key.toJSONString()),
					now.atOffset(ZoneOffset.UTC))
			.update();
		log.info("OIDC token-signing key {} created", key.getKeyID());
		return key;
	}

	/** Stops publishing a key: tokens it signed no longer verify. */
	public int retire(String kid) {
		return this.jdbc.sql("update oidc_signing_keys set retired_at = ? where kid = ? and retired_at is null")
			.params(this.clock.instant().atOffset(ZoneOffset.UTC), kid)
			.update();
	}

	/** Unretired keys, newest (the signing key) first. */
	public List<StoredKey> published() {
		List<StoredKey> keys = new ArrayList<>();
		this.jdbc.sql("select * from oidc_signing_keys where retired_at is null order by created_at desc, kid")
			.query((rs, row) -> {
				OffsetDateTime retired = rs.getObject("retired_at", OffsetDateTime.class);
				return new StoredKey(parse(unprotect(rs.getString("private_jwk"))),
						rs.getObject("created_at", OffsetDateTime.class).toInstant(), retired == null ? null : retired.toInstant());
			})
			.list()
			.forEach(keys::add);
		return keys;
	}

	private static RSAKey parse(String json) {
		try {
			return JWK.parse(json).toRSAKey();
		}
		catch (ParseException ex) {
			throw new IllegalStateException("a stored signing key cannot be parsed", ex);
		}
	}

	private String protect(String privateJwk) {
		if (this.encryptionKey == null) {
			return "plain:" + privateJwk;
		}
		try {
			byte[] iv = new byte[12];
			RANDOM.nextBytes(iv);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.encryptionKey, new GCMParameterSpec(128, iv));
			byte[] sealed = cipher.doFinal(privateJwk.getBytes(StandardCharsets.UTF_8));
			byte[] stored = new byte[iv.length + sealed.length];
			System.arraycopy(iv, 0, stored, 0, iv.length);
			System.arraycopy(sealed, 0, stored, iv.length, sealed.length);
			return "aesgcm:" + Base64.getEncoder().encodeToString(stored);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot encrypt the signing key", ex);
		}
	}

	private String unprotect(String stored) {
		if (stored.startsWith("plain:")) {
			return stored.substring("plain:".length());
		}
		if (!stored.startsWith("aesgcm:")) {
			throw new IllegalStateException("a stored signing key has an unknown protection format");
		}
		if (this.encryptionKey == null) {
			throw new IllegalStateException(
					"the signing keys are encrypted but keygate.oidc.key-encryption-secret is not set: set the same secret again");
		}
		try {
			byte[] bytes = Base64.getDecoder().decode(stored.substring("aesgcm:".length()));
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, this.encryptionKey, new GCMParameterSpec(128, bytes, 0, 12));
			return new String(cipher.doFinal(bytes, 12, bytes.length - 12), StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(
					"a stored signing key cannot be decrypted: keygate.oidc.key-encryption-secret differs from the one it was stored with",
					ex);
		}
	}

	private static byte[] sha256(String secret) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
