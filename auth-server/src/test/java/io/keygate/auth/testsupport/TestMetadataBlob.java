package io.keygate.auth.testsupport;

import io.keygate.testsupport.TestClient;
import io.keygate.testsupport.TestCertificates;
import io.keygate.testsupport.TestTrustStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64;

/**
 * A FIDO MDS3 BLOB made for tests: a JWT signed by a certificate under a test "MDS root", with
 * its empty CRLs, written to files the way an operator would place a downloaded BLOB.
 */
public final class TestMetadataBlob {

	private TestMetadataBlob() {
	}

	/** Where the files are. */
	public record Files3(Path blob, Path trustRoot, Path crl) {
	}

	/** A BLOB with one entry: {@code aaguid} with the given status report (e.g. REVOKED). */
	public static Files3 write(UUID aaguid, String status) {
		try {
			TestCertificates.Issued root = TestCertificates.selfSignedCa("CN=Test MDS Root, O=Keygate Tests, C=US");
			TestCertificates.Issued signer = TestCertificates.issueRsa(root, "CN=Test MDS Signer, O=Keygate Tests, C=US");
			Map<String, Object> entry = Map.of("aaguid", aaguid.toString(), "statusReports",
					List.of(Map.of("status", status, "effectiveDate", LocalDate.now().minusDays(3).toString())),
					"timeOfLastStatusChange", LocalDate.now().minusDays(3).toString());
			Map<String, Object> payload = Map.of("legalHeader", "Test BLOB for Keygate's tests. Not for production.", "no", 42,
					"nextUpdate", LocalDate.now().plusDays(30).toString(), "entries", List.of(entry));
			JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
				.x509CertChain(List.of(Base64.encode(signer.certificate().getEncoded())))
				.build();
			JWSObject jws = new JWSObject(header, new Payload(TestClient.JSON.writeValueAsString(payload)));
			jws.sign(new RSASSASigner(signer.keyPair().getPrivate()));
			Path directory = java.nio.file.Files.createTempDirectory("keygate-mds");
			Path blob = directory.resolve("blob.jwt");
			java.nio.file.Files.writeString(blob, jws.serialize(), StandardCharsets.US_ASCII);
			Path rootFile = directory.resolve("mds-root.pem");
			java.nio.file.Files.writeString(rootFile, TestTrustStore.pem(root.certificate()), StandardCharsets.US_ASCII);
			X509CRL crl = TestCertificates.emptyCrl(root);
			Path crlFile = directory.resolve("mds-root.crl");
			java.nio.file.Files.write(crlFile, crl.getEncoded());
			return new Files3(blob, rootFile, crlFile);
		}
		catch (Exception ex) {
			throw new IllegalStateException("cannot write a test MDS BLOB", ex);
		}
	}

	/** The same BLOB with one payload character changed: its signature no longer verifies. */
	public static Path tampered(Path blob) throws IOException {
		String[] parts = Files.readString(blob).split("\\.");
		String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("\"no\":42",
				"\"no\":43");
		String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
				+ "." + parts[2];
		Path file = blob.resolveSibling("tampered.jwt");
		Files.writeString(file, forged, StandardCharsets.US_ASCII);
		return file;
	}

}
