package io.keygate.auth.evidence;

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
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ECDSA P-256 key that signs evidence bundles. ECDSA with SHA-256 rather than Ed25519 because
 * {@code openssl dgst -sha256 -verify} checks it with every OpenSSL release an auditor may have;
 * the signature is the DER encoding OpenSSL reads. The fingerprint (SHA-256 of the DER public key)
 * is what the utility publishes so that an auditor trusts the key in a bundle only if it matches.
 */
public record EvidenceSigningKey(PrivateKey privateKey, PublicKey publicKey, String fingerprint) {

	public static final String ALGORITHM = "SHA256withECDSA";

	private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z ]+)-----([^-]+)-----END \\1-----");

	static EvidenceSigningKey of(PrivateKey privateKey, PublicKey publicKey) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded());
			return new EvidenceSigningKey(privateKey, publicKey, HexFormat.of().formatHex(digest));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static EvidenceSigningKey generate() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			KeyPair pair = generator.generateKeyPair();
			return of(pair.getPrivate(), pair.getPublic());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("the JDK offers no ECDSA P-256", ex);
		}
	}

	/** Reads the key file; when it does not exist and {@code create} is set, writes a new key (owner-only). */
	public static EvidenceSigningKey load(Path file, boolean create) {
		try {
			if (!Files.exists(file)) {
				if (!create) {
					throw new IllegalArgumentException("keygate.evidence.signing-key-file " + file + " does not exist");
				}
				EvidenceSigningKey key = generate();
				Files.createDirectories(file.toAbsolutePath().getParent());
				Files.writeString(file, pem("PRIVATE KEY", key.privateKey.getEncoded()) + key.publicPem());
				try {
					Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
				}
				catch (UnsupportedOperationException ex) {
					// not a POSIX file system: the operator protects the file
				}
				return key;
			}
			String privateKey = null;
			String publicKey = null;
			Matcher matcher = PEM.matcher(Files.readString(file));
			while (matcher.find()) {
				if (matcher.group(1).equals("PRIVATE KEY")) {
					privateKey = matcher.group(2);
				}
				else if (matcher.group(1).equals("PUBLIC KEY")) {
					publicKey = matcher.group(2);
				}
			}
			if (privateKey == null || publicKey == null) {
				throw new IllegalArgumentException(
						"keygate.evidence.signing-key-file " + file + " must hold a PRIVATE KEY and a PUBLIC KEY (PEM)");
			}
			KeyFactory factory = KeyFactory.getInstance("EC");
			return of(factory.generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(privateKey.strip()))),
					factory.generatePublic(new X509EncodedKeySpec(Base64.getMimeDecoder().decode(publicKey.strip()))));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read or create keygate.evidence.signing-key-file " + file, ex);
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					"keygate.evidence.signing-key-file " + file + " is not an ECDSA P-256 key pair: " + ex.getMessage(), ex);
		}
	}

	/** A DER ECDSA signature over SHA-256 of {@code data}, as {@code openssl dgst -sha256 -sign} makes. */
	public byte[] sign(byte[] data) {
		try {
			Signature signature = Signature.getInstance(ALGORITHM);
			signature.initSign(this.privateKey);
			signature.update(data);
			return signature.sign();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("signing the evidence bundle failed", ex);
		}
	}

	public String publicPem() {
		return pem("PUBLIC KEY", this.publicKey.getEncoded());
	}

	private static String pem(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der)
				+ "\n-----END " + type + "-----\n";
	}

}
