package io.keygate.auth.enrollment;

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

import io.keygate.policy.identity.Role;

/** Invitations, looked up by the hash of their token. */
@Repository
public class InvitationRepository {

	private final JdbcClient jdbc;

	public InvitationRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public void insert(Invitation invitation, String tokenHash) {
		this.jdbc.sql("""
				insert into invitations (id, token_hash, email, display_name, organisation_id, roles, invited_by, created_at,
				  expires_at, used_at, revoked_at, state, reenrollment)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, null, null, ?, ?)""")
			.params(invitation.id(), tokenHash, invitation.email(), invitation.displayName(), invitation.organisation(),
					invitation.roles().stream().map(Role::name).sorted().collect(Collectors.joining(",")), invitation.invitedBy(),
					at(invitation.createdAt()), at(invitation.expiresAt()), invitation.state().name(), invitation.reenrollment())
			.update();
	}

	/**
	 * Turns an invitation awaiting confirmation into an issued one with a fresh expiry; false when
	 * it was no longer awaiting (confirmed, withdrawn or used meanwhile).
	 */
	public boolean confirm(String id, String confirmedBy, String evidenceId, Instant at, Instant expiresAt) {
		return this.jdbc.sql("""
				update invitations set state = 'ISSUED', confirmed_by = ?, confirmed_at = ?,
				  confirmation_evidence = ?, expires_at = ?
				where id = ? and state = 'AWAITING_CONFIRMATION' and used_at is null and revoked_at is null""")
			.params(confirmedBy, at(at), evidenceId, at(expiresAt), id)
			.update() == 1;
	}

	/** Open invitations (not used, not withdrawn), newest first. */
	public List<Invitation> findOpen() {
		return this.jdbc.sql("select * from invitations where used_at is null and revoked_at is null order by created_at desc")
			.query(InvitationRepository::map)
			.list();
	}

	public Optional<Invitation> findByTokenHash(String tokenHash) {
		return this.jdbc.sql("select * from invitations where token_hash = ?").param(tokenHash).query(InvitationRepository::map).optional();
	}

	public Optional<Invitation> findById(String id) {
		return this.jdbc.sql("select * from invitations where id = ?").param(id).query(InvitationRepository::map).optional();
	}

	/** Marks the invitation used if nobody used it before; false when it was already used. */
	public boolean markUsed(String id, Instant usedAt) {
		return this.jdbc.sql("update invitations set used_at = ? where id = ? and used_at is null and revoked_at is null")
			.params(at(usedAt), id)
			.update() == 1;
	}

	/** Revokes every open invitation for {@code email} (a re-invite replaces the old link). */
	public int revokeOpenFor(String email, Instant at) {
		return this.jdbc.sql("update invitations set revoked_at = ? where email = ? and used_at is null and revoked_at is null")
			.params(at(at), email)
			.update();
	}

	private static Invitation map(ResultSet rs, int row) throws SQLException {
		String roles = rs.getString("roles");
		Set<Role> roleSet = roles.isEmpty() ? Set.of()
				: Arrays.stream(roles.split(",")).map(Role::valueOf).collect(Collectors.toUnmodifiableSet());
		return new Invitation(rs.getString("id"), rs.getString("email"), rs.getString("display_name"),
				rs.getString("organisation_id"), roleSet, rs.getString("invited_by"), instant(rs, "created_at"),
				instant(rs, "expires_at"), instant(rs, "used_at"), instant(rs, "revoked_at"),
				InvitationState.valueOf(rs.getString("state")), rs.getBoolean("reenrollment"), rs.getString("confirmed_by"),
				instant(rs, "confirmed_at"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return value == null ? null : value.toInstant();
	}

	private static OffsetDateTime at(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
