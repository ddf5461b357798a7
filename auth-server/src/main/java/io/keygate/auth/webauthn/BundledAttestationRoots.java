package io.keygate.auth.webauthn;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

/**
 * The FIDO attestation roots Keygate ships ({@value #ROOTS_RESOURCE}): root certificates the
 * hardware-key vendors publish, so that a first run accepts the common keys without the operator
 * collecting PEM files. Switched on by {@code keygate.webauthn.trust.bundled-roots=true} (the
 * quickstart's default). Every entry is a public certificate whose source and SHA-256 fingerprint
 * are listed in OPERATING.md and pinned by a test: the bundle is a trust decision, so a silent
 * change to it must fail the build.
 */
public final class BundledAttestationRoots {

	static final String ROOTS_RESOURCE = "keygate/attestation-roots/bundled-roots.pem";

	static final String MODELS_RESOURCE = "keygate/attestation-roots/bundled-models.properties";

	private BundledAttestationRoots() {
	}

	public static List<X509Certificate> roots() {
		try (InputStream in = resource(ROOTS_RESOURCE)) {
			// Strip the comment lines: they document each root, the certificate factory wants PEM only.
			String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines()
				.filter(line -> !line.startsWith("#"))
				.reduce(new StringBuilder(), (text, line) -> text.append(line).append('\n'), StringBuilder::append)
				.toString();
			List<X509Certificate> roots = new ArrayList<>();
			for (Certificate certificate : CertificateFactory.getInstance("X.509")
				.generateCertificates(new java.io.ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
				roots.add((X509Certificate) certificate);
			}
			if (roots.isEmpty()) {
				throw new IllegalStateException(ROOTS_RESOURCE + " holds no certificate (this is a bug)");
			}
			return List.copyOf(roots);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ROOTS_RESOURCE + " cannot be read (this is a bug)", ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ROOTS_RESOURCE + " is not PEM (this is a bug)", ex);
		}
	}

	/** Well-known models by AAGUID, as far as the bundle names them. */
	public static Map<UUID, String> models() {
		try (InputStream in = resource(MODELS_RESOURCE)) {
			Properties properties = new Properties();
			properties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
			Map<UUID, String> models = new LinkedHashMap<>();
			for (String aaguid : properties.stringPropertyNames()) {
				models.put(UUID.fromString(aaguid), properties.getProperty(aaguid).trim());
			}
			return Map.copyOf(models);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(MODELS_RESOURCE + " cannot be read (this is a bug)", ex);
		}
	}

	public static Optional<String> model(UUID aaguid) {
		return Optional.ofNullable(models().get(aaguid));
	}

	private static InputStream resource(String name) {
		InputStream in = BundledAttestationRoots.class.getClassLoader().getResourceAsStream(name);
		if (in == null) {
			throw new IllegalStateException(name + " is missing from the class path (this is a bug)");
		}
		return in;
	}

}
