package io.keygate.auth.breach;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.keygate.auth.access.Rows;
import io.keygate.policy.breach.BreachWindow;

/** Breach declarations, the receipts they expect, quarantined keys, strict detection and approval terms. */
@Repository
public class BreachRepository {

	private final JdbcClient jdbc;

	public BreachRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insertDraft(String id, String organisation, BreachWindow window, String reference, String draftedBy, Instant at) {
		this.jdbc.sql("insert into breach_declarations (id, organisation, window_from, window_to, reference, state, drafted_by, "
				+ "drafted_at) values (?, ?, ?, ?, ?, ?, ?, ?)")
			.params(id, organisation, Rows.at(window.from()), Rows.at(window.to()), reference, BreachState.AWAITING_KEY.name(),
					draftedBy, Rows.at(at))
			.update();
	}

	public Optional<Declaration> find(String id) {
		return this.jdbc.sql("select * from breach_declarations where id = ?").param(id).query(BreachRepository::map).optional();
	}

	public List<Declaration> latest(int limit) {
		return this.jdbc.sql("select * from breach_declarations order by drafted_at desc limit ?")
			.param(limit)
			.query(BreachRepository::map)
			.list();
	}

	/** Moves {@code id} from {@code from} to {@code to}; false when someone else moved it first. */
	boolean moveState(String id, BreachState from, BreachState to) {
		return this.jdbc.sql("update breach_declarations set state = ? where id = ? and state = ?")
			.params(to.name(), id, from.name())
			.update() == 1;
	}

	void recordDeclarerKey(String id, String credentialId) {
		this.jdbc.sql("update breach_declarations set declarer_credential = ? where id = ?").params(credentialId, id).update();
	}

	void recordSecondAdmin(String id, String admin, String credentialId) {
		this.jdbc.sql("update breach_declarations set second_admin = ?, second_credential = ? where id = ?")
			.params(admin, credentialId, id)
			.update();
	}

	void recordEffects(String id, Instant declaredAt, String suspensionReason, int grantsEnded, int scheduledCancelled,
			int keysQuarantined, int peopleQuarantined, Instant strictUntil, String firmwareDistrust, int huntEvents) {
		this.jdbc.sql("update breach_declarations set declared_at = ?, suspension_reason = ?, grants_ended = ?, "
				+ "scheduled_cancelled = ?, keys_quarantined = ?, people_quarantined = ?, strict_until = ?, firmware_distrust = ?, "
				+ "hunt_events = ? where id = ?")
			.params(Rows.at(declaredAt), suspensionReason, grantsEnded, scheduledCancelled, keysQuarantined, peopleQuarantined,
					Rows.at(strictUntil), firmwareDistrust, huntEvents, id)
			.update();
	}

	void recordResumed(String id, String by, Instant at, String terms) {
		this.jdbc.sql("update breach_declarations set resumed_by = ?, resumed_at = ?, resume_terms = ? where id = ?")
			.params(by, Rows.at(at), terms, id)
			.update();
	}

	void expectReceipts(String id, Collection<String> instances) {
		for (String instance : instances) {
			this.jdbc.sql("insert into breach_expected_receipts (declaration_id, gateway_instance) values (?, ?)")
				.params(id, instance)
				.update();
		}
	}

	public List<String> expectedReceipts(String id) {
		return this.jdbc.sql("select gateway_instance from breach_expected_receipts where declaration_id = ? order by gateway_instance")
			.param(id)
			.query(String.class)
			.list();
	}

	/** Declarations whose receipts have not been checked and whose bound passed before {@code before}. */
	List<Declaration> receiptsDue(Instant before) {
		return this.jdbc.sql("select * from breach_declarations where receipts_checked = false and declared_at is not null "
				+ "and declared_at < ?")
			.param(Rows.at(before))
			.query(BreachRepository::map)
			.list();
	}

	boolean markReceiptsChecked(String id) {
		return this.jdbc.sql("update breach_declarations set receipts_checked = true where id = ? and receipts_checked = false")
			.param(id)
			.update() == 1;
	}

	void quarantine(String credentialId, String subject, String organisation, String declarationId, Instant at) {
		int updated = this.jdbc.sql("update key_quarantine set declaration_id = ?, quarantined_at = ? where credential_id = ?")
			.params(declarationId, Rows.at(at), credentialId)
			.update();
		if (updated == 0) {
			this.jdbc.sql("insert into key_quarantine (credential_id, subject, organisation, declaration_id, quarantined_at) "
					+ "values (?, ?, ?, ?, ?)")
				.params(credentialId, subject, organisation, declarationId, Rows.at(at))
				.update();
		}
	}

	/** Strict detection for {@code organisation} until {@code until}; a later end already set is kept. */
	void strictUntil(String organisation, Instant until, String reason) {
		Optional<Long> current = this.jdbc.sql("select until_epoch_second from detection_strict where organisation = ?")
			.param(organisation)
			.query(Long.class)
			.optional();
		if (current.isEmpty()) {
			this.jdbc.sql("insert into detection_strict (organisation, until_epoch_second, reason) values (?, ?, ?)")
				.params(organisation, until.getEpochSecond(), reason)
				.update();
		}
		else if (current.get() < until.getEpochSecond()) {
			this.jdbc.sql("update detection_strict set until_epoch_second = ?, reason = ? where organisation = ?")
				.params(until.getEpochSecond(), reason, organisation)
				.update();
		}
	}

	void setApprovalTerms(String organisation, int minimumApprovals, Instant until, String declarationId, String by, Instant at) {
		this.jdbc.sql("delete from organisation_approval_terms where organisation = ?").param(organisation).update();
		this.jdbc.sql("insert into organisation_approval_terms (organisation, minimum_approvals, until_at, declaration_id, set_by, "
				+ "set_at) values (?, ?, ?, ?, ?, ?)")
			.params(organisation, minimumApprovals, Rows.at(until), declarationId, by, Rows.at(at))
			.update();
	}

	/** The minimum approvals in force for {@code organisation} at {@code at}; 0 when none. */
	int minimumApprovals(String organisation, Instant at) {
		return this.jdbc.sql("select minimum_approvals from organisation_approval_terms where organisation = ? and until_at > ?")
			.params(organisation, Rows.at(at))
			.query(Integer.class)
			.optional()
			.orElse(0);
	}

	private static Declaration map(ResultSet rs, int row) throws SQLException {
		return new Declaration(rs.getString("id"), rs.getString("organisation"),
				new BreachWindow(Rows.instant(rs, "window_from"), Rows.instant(rs, "window_to")), rs.getString("reference"),
				BreachState.valueOf(rs.getString("state")), rs.getString("drafted_by"), Rows.instant(rs, "drafted_at"),
				rs.getString("second_admin"), Rows.instant(rs, "declared_at"), rs.getString("suspension_reason"),
				rs.getInt("grants_ended"), rs.getInt("scheduled_cancelled"), rs.getInt("keys_quarantined"),
				rs.getInt("people_quarantined"), Rows.instant(rs, "strict_until"), rs.getString("firmware_distrust"),
				rs.getInt("hunt_events"), rs.getString("resumed_by"), Rows.instant(rs, "resumed_at"), rs.getString("resume_terms"));
	}

}
