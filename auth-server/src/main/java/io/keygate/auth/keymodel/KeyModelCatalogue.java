package io.keygate.auth.keymodel;

import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import com.webauthn4j.converter.AttestationObjectConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.attestation.AttestationObject;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.statement.CertificateBaseAttestationStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.keygate.auth.webauthn.AttestationTrustAnchors;
import io.keygate.auth.webauthn.BundledAttestationRoots;
import io.keygate.auth.webauthn.MetadataTrust;

/**
 * Groups the registered keys by model. The root is worked out again from each key's stored
 * attestation against today's trust anchors, so the page also shows a model whose root has since
 * been removed from the trust store (it says so) rather than what was true at registration.
 */
@Component
public final class KeyModelCatalogue {

	static final String UNKNOWN_MODEL = "Unknown model (not in the FIDO metadata or the Keygate bundle)";

	static final String NO_TRUSTED_ROOT = "No currently trusted root";

	private static final Logger log = LoggerFactory.getLogger(KeyModelCatalogue.class);

	private final JdbcClient jdbc;

	private final AttestationTrustAnchors anchors;

	private final MetadataTrust metadata;

	private final AttestationObjectConverter attestationObjects;

	public KeyModelCatalogue(JdbcClient jdbc, AttestationTrustAnchors anchors, MetadataTrust metadata,
			ObjectConverter objectConverter) {
		this.jdbc = jdbc;
		this.anchors = anchors;
		this.metadata = metadata;
		this.attestationObjects = new AttestationObjectConverter(objectConverter);
	}

	public List<KeyModelRow> models() {
		record Key(String subject, String aaguid, String attestationObject) {
		}
		List<Key> keys = this.jdbc.sql("select subject, aaguid, attestation_object from webauthn_credentials")
			.query((rs, row) -> new Key(rs.getString("subject"), rs.getString("aaguid"), rs.getString("attestation_object")))
			.list();
		Map<String, List<Key>> byModel = new TreeMap<>();
		for (Key key : keys) {
			byModel.computeIfAbsent(key.aaguid().toLowerCase(java.util.Locale.ROOT), aaguid -> new ArrayList<>()).add(key);
		}
		List<KeyModelRow> rows = new ArrayList<>();
		for (Map.Entry<String, List<Key>> model : byModel.entrySet()) {
			AAGUID aaguid = aaguid(model.getKey());
			TreeSet<String> people = new TreeSet<>();
			TreeSet<String> roots = new TreeSet<>();
			for (Key key : model.getValue()) {
				people.add(key.subject());
				root(aaguid, key.attestationObject()).ifPresent(roots::add);
			}
			rows.add(new KeyModelRow(model.getKey(), name(aaguid), roots.isEmpty() ? NO_TRUSTED_ROOT : String.join("; ", roots),
					List.copyOf(people), model.getValue().size()));
		}
		rows.sort(java.util.Comparator.comparingInt(KeyModelRow::keys).reversed().thenComparing(KeyModelRow::aaguid));
		return rows;
	}

	private String name(AAGUID aaguid) {
		if (aaguid == null) {
			return UNKNOWN_MODEL;
		}
		return this.metadata.description(aaguid)
			.or(() -> BundledAttestationRoots.model(aaguid.getValue()))
			.orElse(UNKNOWN_MODEL);
	}

	/** The subject of the trusted root the attestation's last certificate is signed by (or is). */
	private Optional<String> root(AAGUID aaguid, String attestationObject) {
		try {
			AttestationObject parsed = this.attestationObjects.convert(attestationObject);
			if (!(parsed.getAttestationStatement() instanceof CertificateBaseAttestationStatement statement)
					|| statement.getX5c() == null || statement.getX5c().isEmpty()) {
				return Optional.empty();
			}
			X509Certificate last = statement.getX5c().get(statement.getX5c().size() - 1);
			for (TrustAnchor anchor : this.anchors.find(aaguid)) {
				X509Certificate root = anchor.getTrustedCert();
				if (root.equals(last) || signedBy(last, root)) {
					return Optional.of(root.getSubjectX500Principal().getName());
				}
			}
			return Optional.empty();
		}
		catch (RuntimeException ex) {
			// A stored attestation that no longer parses is shown as "no trusted root", never a 500.
			log.warn("stored attestation of a {} key cannot be read: {}", aaguid, ex.toString());
			return Optional.empty();
		}
	}

	private static boolean signedBy(X509Certificate certificate, X509Certificate root) {
		if (!certificate.getIssuerX500Principal().equals(root.getSubjectX500Principal())) {
			return false;
		}
		try {
			certificate.verify(root.getPublicKey());
			return true;
		}
		catch (Exception ex) {
			return false;
		}
	}

	private static AAGUID aaguid(String value) {
		try {
			return new AAGUID(UUID.fromString(value));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
