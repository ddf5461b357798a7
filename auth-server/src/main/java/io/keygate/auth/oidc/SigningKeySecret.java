package io.keygate.auth.oidc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the secret that encrypts the token-signing private keys comes from. A private key in the
 * database in clear is one backup or one read-only SQL injection away from forged ID tokens, so:
 * <ul>
 * <li>configured ({@value #PROPERTY}): used as it is;</li>
 * <li>PostgreSQL (the distributed configuration, whose database is shared and backed up): start-up
 * stops, naming the property;</li>
 * <li>an H2 file (the embedded quickstart): generated once into {@value #FILE_NAME} in the data
 * folder, readable by its owner only (0600), and read again on every restart;</li>
 * <li>an in-memory H2 database: a fresh secret per start, since the keys die with the process.</li>
 * </ul>
 */
final class SigningKeySecret {

	static final String PROPERTY = "keygate.oidc.key-encryption-secret";

	static final String FILE_NAME = "oidc-key-encryption.secret";

	private static final Logger log = LoggerFactory.getLogger(SigningKeySecret.class);

	private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

	private SigningKeySecret() {
	}

	/**
	 * @param configured the configured secret, may be blank
	 * @param datasourceUrl the auth server's JDBC URL
	 * @param dataDir the data folder ({@code keygate.data-dir})
	 */
	static String resolve(String configured, String datasourceUrl, Path dataDir) {
		if (configured != null && !configured.isBlank()) {
			return configured;
		}
		String url = datasourceUrl == null ? "" : datasourceUrl.toLowerCase(java.util.Locale.ROOT);
		if (url.startsWith("jdbc:h2:mem:")) {
			return random();
		}
		if (url.startsWith("jdbc:h2:file:") || url.startsWith("jdbc:h2:./") || url.startsWith("jdbc:h2:~")) {
			return fromDataFolder(dataDir.resolve(FILE_NAME));
		}
		throw new IllegalStateException(PROPERTY + " (environment KEYGATE_OIDC_KEY_SECRET) must be set when the auth server "
				+ "keeps its data in a shared database (" + redacted(datasourceUrl) + "): without it the OIDC token-signing "
				+ "private key would be stored there in clear. Set it from a secret, never in a file next to the database.");
	}

	private static String fromDataFolder(Path file) {
		try {
			Files.createDirectories(file.toAbsolutePath().getParent());
			if (!Files.exists(file)) {
				String secret = random();
				try {
					Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
					Files.writeString(file, secret, StandardCharsets.US_ASCII);
					log.info("Generated the OIDC signing-key encryption secret into {} (owner read/write only)", file);
					return secret;
				}
				catch (FileAlreadyExistsException raced) {
					// Another start got there first: read what it wrote.
				}
			}
			if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
				Files.setPosixFilePermissions(file, OWNER_ONLY);
				log.warn("{} was readable by others; its permissions are now 0600", file);
			}
			String secret = Files.readString(file, StandardCharsets.US_ASCII).trim();
			if (secret.isEmpty()) {
				throw new IllegalStateException(file + " is empty: restore it from a backup, or set " + PROPERTY);
			}
			return secret;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read or create the OIDC signing-key encryption secret " + file
					+ " (or set " + PROPERTY + ")", ex);
		}
	}

	private static String random() {
		byte[] bytes = new byte[32];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static String redacted(String url) {
		return url == null ? "no URL" : url.replaceAll("password=[^&;]*", "password=***");
	}

}
