package io.keygate.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;

import com.webauthn4j.test.TestAttestationUtil;

/** Writes webauthn4j's 3-tier test root CA as a PEM file into a trust-roots directory. */
public final class TestTrustStore {

	private static Path directory;

	private TestTrustStore() {
	}

	public static synchronized Path rootsDirectory() {
		if (directory == null) {
			try {
				directory = Files.createTempDirectory("keygate-trust-roots");
				Files.writeString(directory.resolve("webauthn4j-test-root.pem"), pem(TestAttestationUtil.load3tierTestRootCACertificate()),
						StandardCharsets.US_ASCII);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return directory;
	}

	public static String pem(X509Certificate certificate) {
		try {
			return "-----BEGIN CERTIFICATE-----\n"
					+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
					+ "\n-----END CERTIFICATE-----\n";
		}
		catch (CertificateEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
