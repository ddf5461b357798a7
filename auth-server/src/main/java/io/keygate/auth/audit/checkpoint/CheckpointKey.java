package io.keygate.auth.audit.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.keygate.policy.audit.AuditCheckpoint;

/**
 * The Ed25519 key that signs checkpoints of the audit chain. It lives outside the database on
 * purpose: whoever can rewrite the database must not also be able to sign a matching checkpoint.
 * The key id is the start of the SHA-256 of the public key, so a verifier knows which key it needs.
 */
public record CheckpointKey(PrivateKey privateKey, PublicKey publicKey, String keyId) {

	private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z ]+)-----([^-]+)-----END \\1-----");

	static CheckpointKey of(PrivateKey privateKey, PublicKey publicKey) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded());
			return new CheckpointKey(privateKey, publicKey, "ed25519:" + HexFormat.of().formatHex(digest, 0, 8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A new key pair (e.g. for a first start, or a test). */
	public static CheckpointKey generate() {
		try {
			KeyPair pair = KeyPairGenerator.getInstance(AuditCheckpoint.ALGORITHM).generateKeyPair();
			return of(pair.getPrivate(), pair.getPublic());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("the JDK offers no " + AuditCheckpoint.ALGORITHM, ex);
		}
	}

	/** From base64 PKCS#8 and X.509 encodings (environment secrets). */
	public static CheckpointKey fromBase64(String privateKey, String publicKey) {
		if (publicKey == null || publicKey.isBlank()) {
			throw new IllegalArgumentException(
					"keygate.audit.checkpoint.public-key is required with keygate.audit.checkpoint.private-key");
		}
		try {
			KeyFactory factory = KeyFactory.getInstance(AuditCheckpoint.ALGORITHM);
			return of(factory.generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(privateKey.strip()))),
					factory.generatePublic(new X509EncodedKeySpec(Base64.getMimeDecoder().decode(publicKey.strip()))));
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			throw new IllegalArgumentException("keygate.audit.checkpoint.private-key/public-key is not an Ed25519 key pair: "
					+ ex.getMessage());
		}
	}

	/** Reads the key file, or creates it (owner-only) with a new key when it does not exist. */
	public static CheckpointKey loadOrCreate(Path file) {
		try {
			if (Files.exists(file)) {
				String pem = Files.readString(file);
				String privateKey = null;
				String publicKey = null;
				Matcher matcher = PEM.matcher(pem);
				while (matcher.find()) {
					if (matcher.group(1).equals("PRIVATE KEY")) {
						privateKey = matcher.group(2);
					}
					else if (matcher.group(1).equals("PUBLIC KEY")) {
						publicKey = matcher.group(2);
					}
				}
				if (privateKey == null) {
					throw new IllegalArgumentException("keygate.audit.checkpoint.key-file " + file + " holds no PRIVATE KEY");
				}
				return fromBase64(privateKey, publicKey);
			}
			CheckpointKey key = generate();
			Files.createDirectories(file.toAbsolutePath().getParent());
			Files.writeString(file, key.toPem());
			try {
				Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
			}
			catch (UnsupportedOperationException ex) {
				// not a POSIX file system: the operator protects the file
			}
			return key;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read or create keygate.audit.checkpoint.key-file " + file, ex);
		}
	}

	public String toPem() {
		return pem("PRIVATE KEY", this.privateKey.getEncoded()) + pem("PUBLIC KEY", this.publicKey.getEncoded());
	}

	/** The public key alone, PEM: what an auditor needs to verify exported checkpoints. */
	public String publicPem() {
		return pem("PUBLIC KEY", this.publicKey.getEncoded());
	}

	private static String pem(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der)
				+ "\n-----END " + type + "-----\n";
	}

}
