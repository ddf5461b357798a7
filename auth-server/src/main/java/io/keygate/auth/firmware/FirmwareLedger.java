package io.keygate.auth.firmware;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.keygate.policy.firmware.AllowListEntry;
import io.keygate.policy.firmware.DistrustWindow;
import io.keygate.policy.firmware.FirmwareHash;
import io.keygate.policy.firmware.HeldImage;

/** The database record of firmware decisions (rows mapped to the policy's records at this boundary). */
@Repository
public class FirmwareLedger {

	private final JdbcClient jdbc;

	public FirmwareLedger(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** @return false when the hash is already listed */
	boolean insert(AllowListEntry entry, String credentialId) {
		if (this.jdbc.sql("select count(*) from firmware_allow_list where hash = :hash")
			.param("hash", entry.hash().hex())
			.query(Long.class)
			.single() > 0) {
			return false;
		}
		this.jdbc.sql("insert into firmware_allow_list (hash, vendor, model, version, verification, added_by, added_at,"
				+ " credential_id) values (:hash, :vendor, :model, :version, :verification, :by, :at, :credential)")
			.param("hash", entry.hash().hex())
			.param("vendor", entry.vendor())
			.param("model", entry.model())
			.param("version", entry.version())
			.param("verification", entry.verification())
			.param("by", entry.addedBy())
			.param("at", Timestamp.from(entry.addedAt()))
			.param("credential", credentialId)
			.update();
		return true;
	}

	List<AllowListEntry> allowList() {
		return this.jdbc.sql("select hash, vendor, model, version, verification, added_by, added_at from firmware_allow_list"
				+ " order by added_at desc")
			.query((rs, row) -> new AllowListEntry(new FirmwareHash(rs.getString("hash")), rs.getString("vendor"),
					rs.getString("model"), rs.getString("version"), rs.getString("verification"), rs.getString("added_by"),
					instant(rs.getTimestamp("added_at"))))
			.list();
	}

	void insert(DistrustWindow window) {
		this.jdbc.sql("insert into firmware_distrust_window (id, organisation, starts_at, ends_at, reason, opened_by, opened_at)"
				+ " values (:id, :organisation, :start, :end, :reason, :by, :at)")
			.param("id", window.id())
			.param("organisation", window.organisation())
			.param("start", Timestamp.from(window.start()))
			.param("end", Timestamp.from(window.end()))
			.param("reason", window.reason())
			.param("by", window.openedBy())
			.param("at", Timestamp.from(window.openedAt()))
			.update();
	}

	List<DistrustWindow> windows() {
		return this.jdbc.sql("select id, organisation, starts_at, ends_at, reason, opened_by, opened_at"
				+ " from firmware_distrust_window order by opened_at desc")
			.query((rs, row) -> new DistrustWindow(rs.getString("id"), rs.getString("organisation"),
					instant(rs.getTimestamp("starts_at")), instant(rs.getTimestamp("ends_at")), rs.getString("reason"),
					rs.getString("opened_by"), instant(rs.getTimestamp("opened_at"))))
			.list();
	}

	void insertDecision(HeldImage decided, String credentialId) {
		this.jdbc.sql("insert into firmware_hold_decision (hash, decision, decided_by, decided_at, credential_id, organisation,"
				+ " uploader, target, gateway) values (:hash, :decision, :by, :at, :credential, :organisation, :uploader,"
				+ " :target, :gateway)")
			.param("hash", decided.hash().hex())
			.param("decision", decided.state().name())
			.param("by", decided.decidedBy())
			.param("at", Timestamp.from(decided.decidedAt()))
			.param("credential", credentialId)
			.param("organisation", decided.organisation())
			.param("uploader", decided.uploader())
			.param("target", decided.target())
			.param("gateway", decided.gateway())
			.update();
	}

	private static Instant instant(Timestamp timestamp) {
		return timestamp.toInstant();
	}

}
