package io.keygate.auth.webauthn;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads attestation root certificates from a directory of PEM files and/or a key store. A file
 * that cannot be read stops start-up with its name: silently trusting fewer roots than the
 * operator configured would be a surprise, trusting a half-parsed one worse.
 */
public final class TrustRootLoader {

	private TrustRootLoader() {
	}

	public static List<X509Certificate> load(WebAuthnProperties.Trust trust) {
		List<X509Certificate> roots = new ArrayList<>();
		if (Boolean.TRUE.equals(trust.bundledRoots())) {
			roots.addAll(BundledAttestationRoots.roots());
		}
		if (trust.rootsDirectory() != null) {
			roots.addAll(fromDirectory(trust.rootsDirectory()));
		}
		if (trust.keyStore() != null) {
			roots.addAll(fromKeyStore(trust.keyStore(), trust.keyStorePassword()));
		}
		return List.copyOf(roots);
	}

	static List<X509Certificate> fromDirectory(Path directory) {
		if (!Files.isDirectory(directory)) {
			throw new IllegalStateException(
					"keygate.webauthn.trust.roots-directory '" + directory + "' is not a readable directory");
		}
		List<X509Certificate> roots = new ArrayList<>();
		try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.{pem,crt,cer}")) {
			List<Path> sorted = new ArrayList<>();
			files.forEach(sorted::add);
			Collections.sort(sorted);
			for (Path file : sorted) {
				roots.addAll(readCertificates(file));
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("keygate.webauthn.trust.roots-directory '" + directory + "' cannot be read", ex);
		}
		return roots;
	}

	public static List<X509Certificate> readCertificates(Path file) {
		try (InputStream in = Files.newInputStream(file)) {
			List<X509Certificate> certificates = new ArrayList<>();
			for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
				certificates.add((X509Certificate) certificate);
			}
			if (certificates.isEmpty()) {
				throw new IllegalStateException("trust root file '" + file + "' holds no certificate");
			}
			return certificates;
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException("trust root file '" + file + "' is not a PEM/DER X.509 certificate", ex);
		}
	}

	static List<X509Certificate> fromKeyStore(Path file, String password) {
		try (InputStream in = Files.newInputStream(file)) {
			String type = file.toString().endsWith(".jks") ? "JKS" : "PKCS12";
			KeyStore keyStore = KeyStore.getInstance(type);
			keyStore.load(in, password == null ? null : password.toCharArray());
			List<X509Certificate> roots = new ArrayList<>();
			for (String alias : Collections.list(keyStore.aliases())) {
				if (keyStore.getCertificate(alias) instanceof X509Certificate certificate) {
					roots.add(certificate);
				}
			}
			return roots;
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException("keygate.webauthn.trust.key-store '" + file + "' cannot be loaded", ex);
		}
	}

}
