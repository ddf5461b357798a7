package io.keygate.auth.access.grant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.keygate.auth.access.Rows;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.RevocationEvent;

/**
 * The durable record of every grant, kept after it expires or is revoked (compliance needs to know
 * who had what, when, and who approved it). The live truth is the grant store; this is the memory.
 */
@Component
public final class GrantHistoryRepository {

	private static final String COLUMNS = "id, request_id, subject, organisation, target_id, level_name, not_before, "
			+ "not_after, approvers, issued_at, activation, activated_at, ended_at, ended_by, end_reason";

	/** Live or scheduled: not ended early, window not over, never cancelled nor expired unactivated. */
	private static final String CURRENT = "ended_at is null and not_after > :now and activation in ('SCHEDULED', 'ACTIVATED')";

	private final JdbcClient jdbc;

	public GrantHistoryRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records a grant at approval: {@code activated} when it is written to the grant store now,
	 * otherwise scheduled until its window begins.
	 */
	public void insert(Grant grant, Instant issuedAt, boolean activated) {
		this.jdbc.sql("insert into grant_history (" + COLUMNS + ") values (:id, :request, :subject, :org, :target, :level, "
				+ ":notBefore, :notAfter, :approvers, :issued, :activation, :activatedAt, null, null, null)")
			.param("id", grant.id())
			.param("request", grant.requestId())
			.param("subject", grant.subject())
			.param("org", grant.organisation())
			.param("target", grant.targetId())
			.param("level", grant.level())
			.param("notBefore", Rows.at(grant.notBefore()))
			.param("notAfter", Rows.at(grant.notAfter()))
			.param("approvers", String.join(",", grant.approvers()))
			.param("issued", Rows.at(issuedAt))
			.param("activation", (activated ? GrantActivation.ACTIVATED : GrantActivation.SCHEDULED).name())
			.param("activatedAt", activated ? Rows.at(issuedAt) : null)
			.update();
	}

	/**
	 * Claims a scheduled grant for activation: SCHEDULED becomes ACTIVATED in one conditional
	 * statement. The caller writes the grant to the store in the same transaction. A second
	 * activator (another replica) waits on the row lock and then finds the row no longer
	 * SCHEDULED: PostgreSQL and H2 both evaluate the condition again after the wait. A revocation
	 * that ended the grant first leaves nothing to claim.
	 */
	public boolean claimActivation(String grantId, Instant at) {
		return this.jdbc.sql("update grant_history set activation = 'ACTIVATED', activated_at = :at "
				+ "where id = :id and activation = 'SCHEDULED' and ended_at is null")
			.param("at", Rows.at(at))
			.param("id", grantId)
			.update() == 1;
	}

	/** A claimed grant the store refused (organisation suspended): it never starts. */
	public void refuseActivation(String grantId, Instant at, String reason) {
		this.jdbc.sql("update grant_history set activation = 'CANCELLED', activated_at = null, ended_at = :at, "
				+ "ended_by = 'keygate', end_reason = :reason where id = :id")
			.param("at", Rows.at(at))
			.param("reason", reason)
			.param("id", grantId)
			.update();
	}

	/**
	 * A grant whose window passed before it was written to the store: a scheduled one no activator
	 * reached in time, or one just claimed that the store found already over ({@code claimed}).
	 */
	public boolean expireUnactivated(String grantId, Instant now, boolean claimed) {
		// A claimed grant is expired on the store's word (its clock decided), within the claim's transaction.
		String condition = claimed ? "activation = 'ACTIVATED' and ended_at is null"
				: "activation = 'SCHEDULED' and ended_at is null and not_after <= :now";
		return this.jdbc.sql("update grant_history set activation = 'EXPIRED', activated_at = null where id = :id and "
				+ condition)
			.params(claimed ? java.util.Map.of("id", grantId) : java.util.Map.of("id", grantId, "now", Rows.at(now)))
			.update() == 1;
	}

	/**
	 * Cancels those of {@code grantIds} that are still scheduled, and returns their ids. Runs
	 * before a revocation touches the store, in its transaction: a grant being activated at that
	 * moment is waited for and then revoked from the store instead; one not yet claimed is never
	 * claimed.
	 */
	public List<String> cancelScheduled(List<String> grantIds, Instant at, String by, String reason) {
		List<String> cancelled = new java.util.ArrayList<>();
		for (String id : grantIds) {
			int changed = this.jdbc.sql("update grant_history set activation = 'CANCELLED', ended_at = :at, ended_by = :by, "
					+ "end_reason = :reason where id = :id and activation = 'SCHEDULED' and ended_at is null")
				.param("at", Rows.at(at))
				.param("by", by)
				.param("reason", reason)
				.param("id", id)
				.update();
			if (changed == 1) {
				cancelled.add(id);
			}
		}
		return cancelled;
	}

	/** Scheduled grants whose window has begun and not ended: due for activation, earliest first. */
	public List<GrantRecord> findDueForActivation(Instant now, int limit) {
		return this.jdbc.sql("select " + COLUMNS + " from grant_history where activation = 'SCHEDULED' and ended_at is null "
				+ "and not_before <= :now and not_after > :now order by not_before, id")
			.param("now", Rows.at(now))
			.withMaxRows(limit)
			.query(GrantHistoryRepository::map)
			.list();
	}

	/** Scheduled grants whose window ended before any activator wrote them to the store. */
	public List<GrantRecord> findLapsedUnactivated(Instant now, int limit) {
		return this.jdbc.sql("select " + COLUMNS + " from grant_history where activation = 'SCHEDULED' and ended_at is null "
				+ "and not_after <= :now order by not_after, id")
			.param("now", Rows.at(now))
			.withMaxRows(limit)
			.query(GrantHistoryRepository::map)
			.list();
	}

	/** Live or scheduled grants of one person on one target. */
	public List<GrantRecord> findCurrent(String subject, String targetId, Instant now) {
		return this.jdbc.sql("select " + COLUMNS + " from grant_history where subject = :subject and target_id = :target and "
				+ CURRENT + " order by not_before, id")
			.param("subject", subject)
			.param("target", targetId)
			.param("now", Rows.at(now))
			.query(GrantHistoryRepository::map)
			.list();
	}

	/**
	 * Whether {@code organisation} was suspended after {@code instant}. A grant approved while a
	 * suspension was being written may have escaped it; it must not start afterwards.
	 */
	public boolean suspendedAfter(String organisation, Instant instant) {
		return this.jdbc.sql("select count(*) from organisation_suspension where organisation = :org "
				+ "and suspension_action = 'SUSPEND' and acted_at > :at")
			.param("org", organisation)
			.param("at", Rows.at(instant))
			.query(Integer.class)
			.single() > 0;
	}

	/** Marks grants as ended early; a grant already marked keeps its first ending. */
	public int markEnded(List<String> grantIds, Instant at, String by, String reason) {
		int changed = 0;
		for (String id : grantIds) {
			changed += this.jdbc.sql("update grant_history set ended_at = :at, ended_by = :by, end_reason = :reason "
					+ "where id = :id and ended_at is null")
				.param("at", Rows.at(at))
				.param("by", by)
				.param("reason", reason)
				.param("id", id)
				.update();
		}
		return changed;
	}

	public Optional<GrantRecord> find(String id) {
		return this.jdbc.sql("select " + COLUMNS + " from grant_history where id = :id")
			.param("id", id)
			.query(GrantHistoryRepository::map)
			.optional();
	}

	/** Live and scheduled grants of everybody, ending soonest first. */
	public List<GrantRecord> findCurrent(Instant now) {
		return this.jdbc.sql("select " + COLUMNS + " from grant_history where " + CURRENT + " order by not_after, id")
			.param("now", Rows.at(now))
			.query(GrantHistoryRepository::map)
			.list();
	}

	/** Live and scheduled grants of one person, however many: what cutting them off must end. */
	public List<GrantRecord> findCurrentOf(String subject, Instant now) {
		return this.jdbc.sql("select " + COLUMNS + " from grant_history where subject = :subject and " + CURRENT
				+ " order by not_after, id")
			.param("subject", subject)
			.param("now", Rows.at(now))
			.query(GrantHistoryRepository::map)
			.list();
	}

	public List<GrantRecord> findBySubject(String subject, int limit) {
		return this.jdbc.sql("select " + COLUMNS + " from grant_history where subject = :subject order by issued_at desc, id")
			.param("subject", subject)
			.withMaxRows(limit)
			.query(GrantHistoryRepository::map)
			.list();
	}

	public List<GrantRecord> findRecent(int limit) {
		return this.jdbc.sql("select " + COLUMNS + " from grant_history order by issued_at desc, id")
			.withMaxRows(limit)
			.query(GrantHistoryRepository::map)
			.list();
	}

	/** Live grant counts per organisation, for the approver's organisations page. */
	public List<String> organisations() {
		return this.jdbc.sql("select distinct organisation from grant_history union select distinct organisation "
				+ "from access_request order by 1")
			.query(String.class)
			.list();
	}

	public void recordRevocation(String id, RevocationEvent.Scope scope, String key, String reason, String actor, Instant at,
			List<String> grantIds, String clientAddress) {
		this.jdbc.sql("insert into grant_revocation (id, scope, scope_key, reason, actor, revoked_at, grants_ended, grant_ids, "
				+ "client_address) values (:id, :scope, :key, :reason, :actor, :at, :count, :ids, :client)")
			.param("id", id)
			.param("scope", scope.name())
			.param("key", key)
			.param("reason", reason)
			.param("actor", actor)
			.param("at", Rows.at(at))
			.param("count", grantIds.size())
			.param("ids", String.join(",", grantIds))
			.param("client", clientAddress)
			.update();
	}

	public void recordSuspension(String id, String organisation, boolean suspended, String reason, String actor, Instant at,
			int grantsEnded, String clientAddress) {
		this.jdbc.sql("insert into organisation_suspension (id, organisation, suspension_action, reason, actor, acted_at, "
				+ "grants_ended, client_address) values (:id, :org, :action, :reason, :actor, :at, :count, :client)")
			.param("id", id)
			.param("org", organisation)
			.param("action", suspended ? "SUSPEND" : "RESUME")
			.param("reason", reason)
			.param("actor", actor)
			.param("at", Rows.at(at))
			.param("count", grantsEnded)
			.param("client", clientAddress)
			.update();
	}

	/** The suspension history of one organisation, newest first: "SUSPEND|RESUME at by: reason (n grants)". */
	public List<SuspensionRecord> suspensions(String organisation) {
		return this.jdbc.sql("select organisation, suspension_action, reason, actor, acted_at, grants_ended "
				+ "from organisation_suspension where organisation = :org order by seq desc")
			.param("org", organisation)
			.query((rs, n) -> new SuspensionRecord(rs.getString("organisation"), "SUSPEND".equals(rs.getString("suspension_action")),
					rs.getString("reason"), rs.getString("actor"), Rows.instant(rs, "acted_at"), rs.getInt("grants_ended")))
			.list();
	}

	/** Organisations whose latest suspension history entry is a suspension. */
	public java.util.Set<String> currentlySuspended() {
		java.util.Map<String, Boolean> latest = new java.util.LinkedHashMap<>();
		this.jdbc.sql("select organisation, suspension_action from organisation_suspension order by seq")
			.query((rs, n) -> latest.put(rs.getString("organisation"), "SUSPEND".equals(rs.getString("suspension_action"))))
			.list();
		java.util.Set<String> suspended = new java.util.TreeSet<>();
		latest.forEach((organisation, isSuspended) -> {
			if (isSuspended) {
				suspended.add(organisation);
			}
		});
		return suspended;
	}

	/** One suspend or resume of an organisation. */
	public record SuspensionRecord(String organisation, boolean suspended, String reason, String actor, Instant at,
			int grantsEnded) {
	}

	private static GrantRecord map(ResultSet rs, int row) throws SQLException {
		String approvers = rs.getString("approvers");
		Grant grant = new Grant(rs.getString("id"), rs.getString("subject"), rs.getString("organisation"),
				rs.getString("target_id"), rs.getString("level_name"), Rows.instant(rs, "not_before"),
				Rows.instant(rs, "not_after"), rs.getString("request_id"),
				approvers.isEmpty() ? List.of() : Arrays.asList(approvers.split(",")));
		return new GrantRecord(grant, Rows.instant(rs, "issued_at"), GrantActivation.valueOf(rs.getString("activation")),
				Rows.instant(rs, "activated_at"), Rows.instant(rs, "ended_at"), rs.getString("ended_by"),
				rs.getString("end_reason"));
	}

}
