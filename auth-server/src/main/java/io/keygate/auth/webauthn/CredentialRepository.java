package io.keygate.auth.webauthn;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Registered hardware keys. */
@Repository
public class CredentialRepository {

	private final JdbcClient jdbc;

	public CredentialRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public void insert(StoredCredential credential) {
		this.jdbc.sql("""
				insert into webauthn_credentials (credential_id, subject, label, attested_credential_data, attestation_object,
				  attestation_format, aaguid, signature_count, uv_initialized, backup_eligible, backup_state, transports,
				  created_at, last_used_at, development_authenticator)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(credential.credentialId(), credential.subject(), credential.label(), credential.attestedCredentialData(),
					credential.attestationObject(), credential.attestationFormat(), credential.aaguid(),
					credential.signatureCount(), credential.uvInitialized(), credential.backupEligible(),
					credential.backupState(), String.join(",", credential.transports().stream().sorted().toList()),
					at(credential.createdAt()), credential.lastUsedAt() == null ? null : at(credential.lastUsedAt()),
					isDevelopmentAuthenticator(credential.aaguid()))
			.update();
	}

	/**
	 * Whether the key was made by Chromium's virtual authenticator (development only): only the
	 * development switch lets such a key in, and it may sign in only while the switch is on.
	 */
	static boolean isDevelopmentAuthenticator(String aaguid) {
		return ChromiumVirtualAuthenticatorTrust.CHROMIUM_AAGUID.toString().equalsIgnoreCase(aaguid);
	}

	/** The stored mark ({@code development_authenticator}); unknown credentials count as marked. */
	public boolean developmentAuthenticator(String credentialId) {
		return this.jdbc.sql("select development_authenticator from webauthn_credentials where credential_id = ?")
			.param(credentialId)
			.query(Boolean.class)
			.optional()
			.orElse(Boolean.TRUE);
	}

	/** Whether a breach declaration quarantined this key (issue 15): refused until its person re-enrolls. */
	public boolean quarantined(String credentialId) {
		return this.jdbc.sql("select count(*) from key_quarantine where credential_id = ?")
			.param(credentialId)
			.query(Long.class)
			.single() > 0;
	}

	public Optional<StoredCredential> findById(String credentialId) {
		return this.jdbc.sql("select * from webauthn_credentials where credential_id = ?")
			.param(credentialId)
			.query(CredentialRepository::map)
			.optional();
	}

	public List<StoredCredential> findBySubject(String subject) {
		return this.jdbc.sql("select * from webauthn_credentials where subject = ? order by created_at")
			.param(subject)
			.query(CredentialRepository::map)
			.list();
	}

	public long count() {
		return this.jdbc.sql("select count(*) from webauthn_credentials").query(Long.class).single();
	}

	public long countBySubject(String subject) {
		return this.jdbc.sql("select count(*) from webauthn_credentials where subject = ?").param(subject).query(Long.class).single();
	}

	/**
	 * Moves the counter forward only if nobody else moved it past {@code expectedPrevious} in the
	 * meantime: two concurrent sign-ins with a cloned key cannot both pass. Returns whether it
	 * moved.
	 */
	public boolean advanceCounter(String credentialId, long expectedPrevious, long newCount, Instant usedAt) {
		return this.jdbc.sql("""
				update webauthn_credentials set signature_count = ?, last_used_at = ?
				where credential_id = ? and signature_count = ?""")
			.params(newCount, at(usedAt), credentialId, expectedPrevious)
			.update() == 1;
	}

	public int delete(String credentialId) {
		return this.jdbc.sql("delete from webauthn_credentials where credential_id = ?").param(credentialId).update();
	}

	public int deleteBySubject(String subject) {
		return this.jdbc.sql("delete from webauthn_credentials where subject = ?").param(subject).update();
	}

	private static StoredCredential map(ResultSet rs, int row) throws SQLException {
		String transports = rs.getString("transports");
		Set<String> transportSet = transports.isEmpty() ? Set.of()
				: Arrays.stream(transports.split(",")).collect(Collectors.toUnmodifiableSet());
		OffsetDateTime lastUsed = rs.getObject("last_used_at", OffsetDateTime.class);
		return new StoredCredential(rs.getString("credential_id"), rs.getString("subject"), rs.getString("label"),
				rs.getString("attested_credential_data"), rs.getString("attestation_object"),
				rs.getString("attestation_format"), rs.getString("aaguid"), rs.getLong("signature_count"),
				rs.getBoolean("uv_initialized"), rs.getBoolean("backup_eligible"), rs.getBoolean("backup_state"),
				transportSet, rs.getObject("created_at", OffsetDateTime.class).toInstant(),
				lastUsed == null ? null : lastUsed.toInstant());
	}

	private static OffsetDateTime at(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
