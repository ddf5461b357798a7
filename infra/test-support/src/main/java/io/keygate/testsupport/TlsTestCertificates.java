package io.keygate.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * TLS server certificates for tests, as PEM files: a CA and servers it signs with the host names and
 * addresses given as subject alternative names (what host-name verification reads), like
 * {@code infra/deploy/tls/make-local-ca.sh} makes for Compose.
 */
public final class TlsTestCertificates {

	private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

	private TlsTestCertificates() {
	}

	/** A CA: its certificate file ({@code ca.crt}) is what a client is told to trust. */
	public record Ca(TestCertificates.Issued issued, Path certificateFile) {

		/** A server certificate for {@code names} (DNS names, or IP addresses when they parse as one). */
		public Server server(String fileName, String... names) {
			KeyPair keys = TestCertificates.ecKeyPair();
			X509Certificate certificate = serverCertificate(this.issued, keys, names);
			Path directory = this.certificateFile.getParent();
			Path certificateFile = write(directory.resolve(fileName + ".crt"), pem("CERTIFICATE", certificate));
			Path keyFile = write(directory.resolve(fileName + ".key"),
					"-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPrivate().getEncoded())
							+ "\n-----END PRIVATE KEY-----\n");
			return new Server(certificateFile, keyFile);
		}

	}

	/** A server's PEM certificate and PKCS#8 key files. */
	public record Server(Path certificateFile, Path keyFile) {
	}

	/** A new CA whose files go into {@code directory}. */
	public static Ca ca(Path directory, String name) {
		TestCertificates.Issued issued = TestCertificates.selfSignedCa("CN=" + name);
		return new Ca(issued, write(directory.resolve(name + ".crt"), pem("CERTIFICATE", issued.certificate())));
	}

	private static X509Certificate serverCertificate(TestCertificates.Issued ca, KeyPair keys, String... names) {
		try {
			Instant now = Instant.now();
			JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
					X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()),
					BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(now.minus(Duration.ofHours(1))),
					Date.from(now.plus(Duration.ofDays(30))), new X500Name("CN=" + names[0]), keys.getPublic());
			JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
			builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(ca.certificate().getPublicKey()));
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
			builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
			builder.addExtension(Extension.extendedKeyUsage, false,
					new ExtendedKeyUsage(new KeyPurposeId[] { KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth }));
			List<GeneralName> alternatives = new ArrayList<>();
			for (String name : names) {
				alternatives.add(isAddress(name) ? new GeneralName(GeneralName.iPAddress, name) : new GeneralName(GeneralName.dNSName, name));
			}
			builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alternatives.toArray(GeneralName[]::new)));
			return new JcaX509CertificateConverter()
				.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(ca.keyPair().getPrivate())));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static boolean isAddress(String name) {
		return name.matches("[0-9.]+") || name.contains(":");
	}

	private static String pem(String type, X509Certificate certificate) {
		try {
			return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(certificate.getEncoded())
					+ "\n-----END " + type + "-----\n";
		}
		catch (java.security.cert.CertificateEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Path write(Path file, String content) {
		try {
			Files.createDirectories(file.getParent());
			return Files.writeString(file, content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
