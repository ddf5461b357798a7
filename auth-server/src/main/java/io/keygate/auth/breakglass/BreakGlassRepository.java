package io.keygate.auth.breakglass;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.keygate.auth.access.Rows;
import io.keygate.policy.grant.Grant;

/** Eligibilities and openings of break-glass; rows are mapped to the records below at this boundary. */
public final class BreakGlassRepository {

	/** A standing eligibility of one person for one target. */
	public record Eligibility(String subject, String targetId, String grantedBy, Instant grantedAt) {
	}

	/** How an opening was judged afterwards. */
	public enum Review {
		PENDING_REVIEW, APPROVED_IN_HINDSIGHT, MISUSE
	}

	/** One emergency grant and its review. */
	public record Opening(String grantId, String requestId, String subject, String organisation, String targetId,
			String level, String reason, Instant openedAt, Instant notAfter, Review review, String reviewedBy,
			Instant reviewedAt, String reviewNote) {
	}

	private final JdbcClient jdbc;

	public BreakGlassRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Sets (or replaces) the eligibility; returns whether one existed before. */
	boolean setEligibility(String subject, String targetId, String by, Instant at, String evidenceId) {
		boolean existed = removeEligibility(subject, targetId);
		this.jdbc.sql("insert into break_glass_eligibility (subject, target_id, granted_by, granted_at, evidence_id) "
				+ "values (:s, :t, :by, :at, :e)")
			.param("s", subject)
			.param("t", targetId)
			.param("by", by)
			.param("at", Rows.at(at))
			.param("e", evidenceId)
			.update();
		return existed;
	}

	boolean removeEligibility(String subject, String targetId) {
		return this.jdbc.sql("delete from break_glass_eligibility where subject = :s and target_id = :t")
			.param("s", subject)
			.param("t", targetId)
			.update() > 0;
	}

	Optional<Eligibility> eligibility(String subject, String targetId) {
		return this.jdbc.sql("select subject, target_id, granted_by, granted_at from break_glass_eligibility "
				+ "where subject = :s and target_id = :t")
			.param("s", subject)
			.param("t", targetId)
			.query((rs, n) -> new Eligibility(rs.getString("subject"), rs.getString("target_id"), rs.getString("granted_by"),
					Rows.instant(rs, "granted_at")))
			.optional();
	}

	public List<Eligibility> eligibilities() {
		return this.jdbc.sql("select subject, target_id, granted_by, granted_at from break_glass_eligibility "
				+ "order by subject, target_id")
			.query((rs, n) -> new Eligibility(rs.getString("subject"), rs.getString("target_id"), rs.getString("granted_by"),
					Rows.instant(rs, "granted_at")))
			.list();
	}

	/**
	 * The request row a break-glass grant hangs from (grant history references a request): already
	 * APPROVED, resolved by {@code break-glass}, with the emergency's reason. It never was pending,
	 * so no approver's queue ever shows it.
	 */
	void insertOpening(Grant grant, String reason, String clientAddress, Instant at) {
		this.jdbc.sql("insert into access_request (id, requester, organisation, target_id, level_name, start_at, duration_sec, "
				+ "reason, ticket, created_at, expires_at, state, resolved_by, resolution, resolved_at, grant_id, client_address, "
				+ "row_version) values (:id, :who, :org, :target, :level, :start, :secs, :reason, 'break-glass', :at, :at, "
				+ "'APPROVED', 'break-glass', 'opened by break-glass without approval', :at, :grant, :addr, 0)")
			.param("id", grant.requestId())
			.param("who", grant.subject())
			.param("org", grant.organisation())
			.param("target", grant.targetId())
			.param("level", grant.level())
			.param("start", Rows.at(grant.notBefore()))
			.param("secs", java.time.Duration.between(grant.notBefore(), grant.notAfter()).toSeconds())
			.param("reason", reason)
			.param("at", Rows.at(at))
			.param("grant", grant.id())
			.param("addr", clientAddress == null ? "" : clientAddress.length() > 64 ? clientAddress.substring(0, 64) : clientAddress)
			.update();
		this.jdbc.sql("insert into break_glass_opening (grant_id, request_id, subject, organisation, target_id, level_name, "
				+ "reason, opened_at, not_after, review_state) values (:grant, :req, :who, :org, :target, :level, :reason, :at, "
				+ ":until, 'PENDING_REVIEW')")
			.param("grant", grant.id())
			.param("req", grant.requestId())
			.param("who", grant.subject())
			.param("org", grant.organisation())
			.param("target", grant.targetId())
			.param("level", grant.level())
			.param("reason", reason)
			.param("at", Rows.at(at))
			.param("until", Rows.at(grant.notAfter()))
			.update();
	}

	/** Records the review only if none was recorded before: two admins reviewing at once, one wins. */
	boolean review(String grantId, Review review, String by, Instant at, String note) {
		return this.jdbc.sql("update break_glass_opening set review_state = :state, reviewed_by = :by, reviewed_at = :at, "
				+ "review_note = :note where grant_id = :id and review_state = 'PENDING_REVIEW'")
			.param("state", review.name())
			.param("by", by)
			.param("at", Rows.at(at))
			.param("note", note)
			.param("id", grantId)
			.update() == 1;
	}

	/** Openings whose grant has ended, still unreviewed, that nobody was reminded of yet. */
	List<Opening> endedUnreviewed(Instant now, int limit) {
		return this.jdbc.sql("select * from break_glass_opening where review_state = 'PENDING_REVIEW' and not_after <= :now "
				+ "and review_reminded_at is null order by not_after, grant_id")
			.param("now", Rows.at(now))
			.withMaxRows(limit)
			.query(BreakGlassRepository::map)
			.list();
	}

	/** Marks the reminder as sent; false when another replica (or an earlier run) did already. */
	boolean claimReviewReminder(String grantId, Instant now) {
		return this.jdbc.sql("update break_glass_opening set review_reminded_at = :at where grant_id = :id "
				+ "and review_reminded_at is null")
			.param("at", Rows.at(now))
			.param("id", grantId)
			.update() == 1;
	}

	public Optional<Opening> opening(String grantId) {
		return this.jdbc.sql("select * from break_glass_opening where grant_id = :id")
			.param("id", grantId)
			.query(BreakGlassRepository::map)
			.optional();
	}

	public List<Opening> openings(int limit) {
		return this.jdbc.sql("select * from break_glass_opening order by opened_at desc, grant_id")
			.withMaxRows(limit)
			.query(BreakGlassRepository::map)
			.list();
	}

	private static Opening map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
		return new Opening(rs.getString("grant_id"), rs.getString("request_id"), rs.getString("subject"),
				rs.getString("organisation"), rs.getString("target_id"), rs.getString("level_name"), rs.getString("reason"),
				Rows.instant(rs, "opened_at"), Rows.instant(rs, "not_after"), Review.valueOf(rs.getString("review_state")),
				rs.getString("reviewed_by"), Rows.instant(rs, "reviewed_at"), rs.getString("review_note"));
	}

}
