package io.keygate.auth.alert;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.keygate.auth.access.Rows;

/** The {@code honeytokens} table: the record of each bait credential (its hash only), where it was planted and its end. */
public final class HoneytokenRepository {

	/** One honeytoken as kept: never the token itself. */
	public record Honeytoken(String id, String hash, String label, String plantedWhere, String createdBy, Instant createdAt,
			String revokedBy, Instant revokedAt) {

		public boolean live() {
			return this.revokedAt == null;
		}

	}

	private final JdbcClient jdbc;

	public HoneytokenRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public void insert(Honeytoken token) {
		this.jdbc.sql("""
				insert into honeytokens (id, token_hash, label, planted_where, created_by, created_at)
				values (?, ?, ?, ?, ?, ?)""")
			.params(token.id(), token.hash(), token.label(), token.plantedWhere(), token.createdBy(), Rows.at(token.createdAt()))
			.update();
	}

	/** Revokes a live token; false when there is none with that id. */
	public boolean revoke(String id, String by, Instant at) {
		return this.jdbc.sql("update honeytokens set revoked_by = ?, revoked_at = ? where id = ? and revoked_at is null")
			.params(by, Rows.at(at), id)
			.update() == 1;
	}

	public Optional<Honeytoken> find(String id) {
		return this.jdbc.sql("select * from honeytokens where id = ?").param(id).query(HoneytokenRepository::map).optional();
	}

	public Optional<Honeytoken> findByHash(String hash) {
		return this.jdbc.sql("select * from honeytokens where token_hash = ?").param(hash).query(HoneytokenRepository::map).optional();
	}

	public List<Honeytoken> all() {
		return this.jdbc.sql("select * from honeytokens order by created_at desc, id").query(HoneytokenRepository::map).list();
	}

	public List<Honeytoken> live() {
		return this.jdbc.sql("select * from honeytokens where revoked_at is null").query(HoneytokenRepository::map).list();
	}

	private static Honeytoken map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
		return new Honeytoken(rs.getString("id"), rs.getString("token_hash"), rs.getString("label"),
				rs.getString("planted_where"), rs.getString("created_by"), Rows.instant(rs, "created_at"),
				rs.getString("revoked_by"), Rows.instant(rs, "revoked_at"));
	}

}
