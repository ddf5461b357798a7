package io.keygate.auth.webauthn;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CRL;
import java.security.cert.CertificateFactory;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.yubico.fido.metadata.AuthenticatorStatus;
import com.yubico.fido.metadata.FidoMetadataDownloader;
import com.yubico.fido.metadata.MetadataBLOB;
import com.yubico.fido.metadata.MetadataBLOBPayloadEntry;
import com.yubico.fido.metadata.StatusReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A FIDO Metadata Service (MDS3) BLOB read from a file and verified offline by Yubico's
 * {@link FidoMetadataDownloader}: the JWT signature must chain to the configured MDS root, with
 * revocation checked against the configured CRLs. A BLOB that fails any of that stops start-up;
 * a tampered BLOB must never quietly become "no metadata".
 */
public final class FidoMetadataTrust implements MetadataTrust {

	private static final Logger log = LoggerFactory.getLogger(FidoMetadataTrust.class);

	/** Statuses after which a model is never accepted again (FIDO MDS3 §3.1.4). */
	static final Set<AuthenticatorStatus> WITHDRAWING = EnumSet.of(AuthenticatorStatus.REVOKED,
			AuthenticatorStatus.USER_VERIFICATION_BYPASS, AuthenticatorStatus.ATTESTATION_KEY_COMPROMISE,
			AuthenticatorStatus.USER_KEY_REMOTE_COMPROMISE, AuthenticatorStatus.USER_KEY_PHYSICAL_COMPROMISE);

	private final Map<UUID, List<MetadataBLOBPayloadEntry>> byAaguid = new HashMap<>();

	private final Map<String, List<MetadataBLOBPayloadEntry>> byKeyIdentifier = new HashMap<>();

	private final int entries;

	FidoMetadataTrust(Set<MetadataBLOBPayloadEntry> entries) {
		for (MetadataBLOBPayloadEntry entry : entries) {
			entry.getAaguid()
				.ifPresent(aaguid -> this.byAaguid.computeIfAbsent(UUID.fromString(aaguid.asGuidString()), key -> new ArrayList<>())
					.add(entry));
			for (String keyIdentifier : entry.getAttestationCertificateKeyIdentifiers()) {
				this.byKeyIdentifier.computeIfAbsent(keyIdentifier.toLowerCase(), key -> new ArrayList<>()).add(entry);
			}
		}
		this.entries = entries.size();
	}

	/** Loads and verifies the BLOB; any failure names the property and stops start-up. */
	public static FidoMetadataTrust load(Path blobFile, Path trustRootFile, List<Path> crlFiles) {
		if (trustRootFile == null) {
			throw new IllegalStateException(
					"keygate.webauthn.trust.mds-blob is set but keygate.webauthn.trust.mds-trust-root is not: the BLOB's "
							+ "signature cannot be checked without its root");
		}
		try {
			String jwt = Files.readString(blobFile, StandardCharsets.US_ASCII).trim();
			X509Certificate root = TrustRootLoader.readCertificates(trustRootFile).get(0);
			List<CRL> crls = new ArrayList<>();
			CertificateFactory factory = CertificateFactory.getInstance("X.509");
			for (Path crlFile : crlFiles) {
				try (InputStream in = Files.newInputStream(crlFile)) {
					crls.addAll(factory.generateCRLs(in));
				}
			}
			MetadataBLOB blob = FidoMetadataDownloader.builder()
				// The legal header is a licence acknowledgement, not a security control: accept
				// the one the BLOB carries; its signature is what is verified.
				.expectLegalHeader(legalHeader(jwt))
				.useTrustRoot(root)
				.useBlob(jwt)
				.useCrls(crls)
				.build()
				.loadCachedBlob();
			FidoMetadataTrust trust = new FidoMetadataTrust(blob.getPayload().getEntries());
			log.info("FIDO metadata BLOB #{} loaded from {}: {} entries, next update {}", blob.getPayload().getNo(), blobFile,
					trust.entries, blob.getPayload().getNextUpdate());
			return trust;
		}
		catch (Exception ex) {
			throw new IllegalStateException("keygate.webauthn.trust.mds-blob '" + blobFile
					+ "' cannot be loaded or does not verify against keygate.webauthn.trust.mds-trust-root: " + ex.getMessage(), ex);
		}
	}

	private static String legalHeader(String jwt) {
		String[] parts = jwt.split("\\.");
		if (parts.length != 3) {
			throw new IllegalArgumentException("not a JWT");
		}
		JsonNode payload = JsonMapper.builder().build().readTree(Base64.getUrlDecoder().decode(parts[1]));
		JsonNode header = payload.get("legalHeader");
		return header == null ? "" : header.asString();
	}

	@Override
	public Set<TrustAnchor> trustAnchors(AAGUID aaguid) {
		if (aaguid == null) {
			return Set.of();
		}
		return anchors(this.byAaguid.getOrDefault(aaguid.getValue(), List.of()));
	}

	@Override
	public Set<TrustAnchor> trustAnchors(byte[] keyIdentifier) {
		if (keyIdentifier == null) {
			return Set.of();
		}
		return anchors(this.byKeyIdentifier.getOrDefault(HexFormat.of().formatHex(keyIdentifier), List.of()));
	}

	@Override
	public Optional<String> withdrawal(AAGUID aaguid, byte[] keyIdentifier) {
		List<MetadataBLOBPayloadEntry> matching = new ArrayList<>();
		if (aaguid != null) {
			matching.addAll(this.byAaguid.getOrDefault(aaguid.getValue(), List.of()));
		}
		if (keyIdentifier != null) {
			matching.addAll(this.byKeyIdentifier.getOrDefault(HexFormat.of().formatHex(keyIdentifier), List.of()));
		}
		for (MetadataBLOBPayloadEntry entry : matching) {
			for (StatusReport report : entry.getStatusReports()) {
				if (WITHDRAWING.contains(report.getStatus())) {
					return Optional.of(report.getStatus().name()
							+ report.getEffectiveDate().map(date -> " since " + date).orElse(""));
				}
			}
		}
		return Optional.empty();
	}

	@Override
	public Optional<String> description(AAGUID aaguid) {
		if (aaguid == null) {
			return Optional.empty();
		}
		return this.byAaguid.getOrDefault(aaguid.getValue(), List.of())
			.stream()
			.flatMap(entry -> entry.getMetadataStatement().flatMap(statement -> statement.getDescription()).stream())
			.findFirst();
	}

	/** Roots of withdrawn models are still returned: the withdrawal check then refuses them with a clear reason. */
	private static Set<TrustAnchor> anchors(List<MetadataBLOBPayloadEntry> entries) {
		Set<TrustAnchor> anchors = new HashSet<>();
		for (MetadataBLOBPayloadEntry entry : entries) {
			entry.getMetadataStatement()
				.ifPresent(statement -> statement.getAttestationRootCertificates()
					.forEach(root -> anchors.add(new TrustAnchor(root, null))));
		}
		return anchors;
	}

}
