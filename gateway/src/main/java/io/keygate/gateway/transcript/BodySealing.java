package io.keygate.gateway.transcript;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals a transcript body to the utility's RSA public key, so that the servers can write bodies
 * but not read them. Per body: 64 random bytes (an AES-256 key and an HMAC-SHA256 key), wrapped
 * with RSA-OAEP (SHA-256, MGF1-SHA-256); the body encrypted with AES-256-CBC and authenticated
 * encrypt-then-MAC over IV and ciphertext. Chosen over AES-GCM because every step can be undone
 * with the stock {@code openssl} command line (its {@code enc} has no AEAD modes); the steps are
 * in the README ("Decrypting a sealed transcript body").
 * <p>
 * The sealed form is one ASCII line: {@code KGT1 <wrapped key, base64> <IV, hex> <ciphertext,
 * base64> <MAC, hex>}.
 */
public final class BodySealing {

	public static final String PREFIX = "KGT1";

	private static final OAEPParameterSpec OAEP = new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
			PSource.PSpecified.DEFAULT);

	private final PublicKey recipient;

	private final SecureRandom random = new SecureRandom();

	public BodySealing(PublicKey recipient) {
		if (!(recipient instanceof RSAPublicKey rsa) || rsa.getModulus().bitLength() < 2048) {
			throw new IllegalArgumentException("the transcript body key must be an RSA public key of at least 2048 bits");
		}
		this.recipient = recipient;
	}

	/** Reads a PEM {@code PUBLIC KEY} (SubjectPublicKeyInfo), as {@code openssl rsa -pubout} writes it. */
	public static BodySealing fromPem(String pem) {
		String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
		try {
			PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
			return new BodySealing(key);
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			throw new IllegalArgumentException("the transcript body key is not a PEM RSA public key: " + ex.getMessage(), ex);
		}
	}

	public byte[] seal(byte[] body) {
		byte[] keys = new byte[64];
		byte[] iv = new byte[16];
		this.random.nextBytes(keys);
		this.random.nextBytes(iv);
		try {
			Cipher wrap = Cipher.getInstance("RSA/ECB/OAEPPadding");
			wrap.init(Cipher.ENCRYPT_MODE, this.recipient, OAEP);
			byte[] wrapped = wrap.doFinal(keys);
			Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
			aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys, 0, 32, "AES"), new IvParameterSpec(iv));
			byte[] ciphertext = aes.doFinal(body);
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(keys, 32, 32, "HmacSHA256"));
			mac.update(iv);
			byte[] tag = mac.doFinal(ciphertext);
			String sealed = PREFIX + " " + Base64.getEncoder().encodeToString(wrapped) + " " + HexFormat.of().formatHex(iv) + " "
					+ Base64.getEncoder().encodeToString(ciphertext) + " " + HexFormat.of().formatHex(tag);
			return sealed.getBytes(StandardCharsets.US_ASCII);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("sealing a transcript body failed", ex);
		}
		finally {
			Arrays.fill(keys, (byte) 0);
		}
	}

}
