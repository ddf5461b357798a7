package io.keygate.auth.access.request;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.keygate.auth.access.Rows;
import io.keygate.policy.request.AccessRequest;
import io.keygate.policy.request.Approval;
import io.keygate.policy.request.RequestState;

/**
 * Access requests and their approvals. Rows are mapped to policy's {@link AccessRequest} here and
 * nowhere else. Updates are conditional on the row version so that two approvers acting at the
 * same moment cannot both move the same request.
 */
@Component
public final class AccessRequestRepository {

	private static final String COLUMNS = "id, requester, organisation, target_id, level_name, start_at, duration_sec, reason, "
			+ "ticket, created_at, expires_at, state, resolved_by, resolution, resolved_at, grant_id, client_address, row_version";

	private final JdbcClient jdbc;

	public AccessRequestRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public void insert(AccessRequest request, String clientAddress) {
		this.jdbc.sql("insert into access_request (" + COLUMNS + ") values (:id, :requester, :organisation, :target, :level, "
				+ ":start, :duration, :reason, :ticket, :created, :expires, :state, :resolvedBy, :resolution, :resolvedAt, "
				+ ":grantId, :client, 0)")
			.param("id", request.id())
			.param("requester", request.requester())
			.param("organisation", request.organisation())
			.param("target", request.targetId())
			.param("level", request.level())
			.param("start", Rows.at(request.start().orElse(null)))
			.param("duration", request.duration().toSeconds())
			.param("reason", request.reason())
			.param("ticket", request.ticket())
			.param("created", Rows.at(request.createdAt()))
			.param("expires", Rows.at(request.expiresAt()))
			.param("state", request.state().name())
			.param("resolvedBy", request.resolvedBy())
			.param("resolution", request.resolution())
			.param("resolvedAt", Rows.at(request.resolvedAt()))
			.param("grantId", request.grantId())
			.param("client", clientAddress)
			.update();
	}

	/**
	 * Writes the request's new state if nobody changed the row since {@code expectedVersion} was
	 * read; false means someone else won and the caller must read again.
	 */
	public boolean update(AccessRequest request, long expectedVersion) {
		return this.jdbc.sql("update access_request set state = :state, resolved_by = :resolvedBy, resolution = :resolution, "
				+ "resolved_at = :resolvedAt, grant_id = :grantId, row_version = row_version + 1 "
				+ "where id = :id and row_version = :version")
			.param("state", request.state().name())
			.param("resolvedBy", request.resolvedBy())
			.param("resolution", request.resolution())
			.param("resolvedAt", Rows.at(request.resolvedAt()))
			.param("grantId", request.grantId())
			.param("id", request.id())
			.param("version", expectedVersion)
			.update() == 1;
	}

	public void insertApproval(String requestId, Approval approval, ApprovalEvidence evidence, String clientAddress) {
		this.jdbc.sql("insert into access_approval (request_id, approver, organisation, approved_at, approval_comment, "
				+ "evidence_id, credential_id, challenge, assertion_json, signature_count, client_address) "
				+ "values (:request, :approver, :organisation, :at, :comment, :evidence, :credential, :challenge, :assertion, "
				+ ":count, :client)")
			.param("request", requestId)
			.param("approver", approval.approver())
			.param("organisation", approval.organisation())
			.param("at", Rows.at(approval.at()))
			.param("comment", approval.comment())
			.param("evidence", evidence.id())
			.param("credential", evidence.credentialId())
			.param("challenge", evidence.challenge())
			.param("assertion", evidence.assertionJson())
			.param("count", evidence.signatureCount())
			.param("client", clientAddress)
			.update();
	}

	/**
	 * Withdraws the approvals {@code approver} gave to requests still pending: they no longer count
	 * and the request needs fresh ones. The rows move to {@code access_approval_withdrawn} with their
	 * evidence, and each request's version moves on so that an approval racing with this reads again.
	 * Returns the ids of the requests whose approvals were withdrawn.
	 */
	public List<String> withdrawPendingApprovals(String approver, Instant at, String reason) {
		List<String> ids = this.jdbc.sql("select a.request_id from access_approval a join access_request r "
				+ "on r.id = a.request_id where a.approver = :approver and r.state = 'PENDING' order by a.request_id")
			.param("approver", approver)
			.query(String.class)
			.list();
		for (String id : ids) {
			withdrawApproval(id, approver, at, reason);
		}
		return ids;
	}

	/** Withdraws one approval (see {@link #withdrawPendingApprovals}); false when there was none. */
	public boolean withdrawApproval(String requestId, String approver, Instant at, String reason) {
		int moved = this.jdbc.sql("insert into access_approval_withdrawn (request_id, approver, organisation, approved_at, "
				+ "approval_comment, evidence_id, credential_id, challenge, assertion_json, signature_count, client_address, "
				+ "withdrawn_at, withdrawn_reason) select request_id, approver, organisation, approved_at, approval_comment, "
				+ "evidence_id, credential_id, challenge, assertion_json, signature_count, client_address, :at, :reason "
				+ "from access_approval where request_id = :id and approver = :approver")
			.param("at", Rows.at(at))
			.param("reason", reason)
			.param("id", requestId)
			.param("approver", approver)
			.update();
		if (moved == 0) {
			return false;
		}
		this.jdbc.sql("delete from access_approval where request_id = :id and approver = :approver")
			.param("id", requestId)
			.param("approver", approver)
			.update();
		this.jdbc.sql("update access_request set row_version = row_version + 1 where id = :id").param("id", requestId).update();
		return true;
	}

	public Optional<StoredRequest> find(String id) {
		List<StoredRequest> rows = this.jdbc.sql("select " + COLUMNS + " from access_request where id = :id")
			.param("id", id)
			.query((rs, n) -> new StoredRequest(map(rs, List.of()), rs.getLong("row_version"), rs.getString("client_address")))
			.list();
		return rows.stream().findFirst().map(row -> new StoredRequest(withApprovals(row.request()), row.version(), row.clientAddress()));
	}

	public List<AccessRequest> findByRequester(String requester, int limit) {
		return list("requester = :value", requester, limit);
	}

	public List<AccessRequest> findByState(RequestState state, int limit) {
		return list("state = :value", state.name(), limit);
	}

	public List<AccessRequest> findRecent(int limit) {
		return list("1 = 1 or :value = ''", "", limit);
	}

	/** Ids of pending requests whose lifetime ended at or before {@code now}. */
	public List<String> findDueForExpiry(Instant now, int limit) {
		return this.jdbc.sql("select id from access_request where state = 'PENDING' and expires_at <= :now order by expires_at")
			.param("now", Rows.at(now))
			.withMaxRows(limit)
			.query(String.class)
			.list();
	}

	/** How many requests {@code organisation} filed for {@code targetId} before {@code before}: 0 means a first request. */
	public int countEarlierForTarget(String organisation, String targetId, Instant before) {
		return this.jdbc.sql("select count(*) from access_request where organisation = :org and target_id = :target "
				+ "and created_at < :before")
			.param("org", organisation)
			.param("target", targetId)
			.param("before", Rows.at(before))
			.query(Integer.class)
			.single();
	}

	public List<ApprovalEvidence> evidenceOf(String requestId) {
		return this.jdbc.sql("select evidence_id, credential_id, challenge, assertion_json, signature_count "
				+ "from access_approval where request_id = :id order by approved_at")
			.param("id", requestId)
			.query((rs, n) -> new ApprovalEvidence(rs.getString("evidence_id"), rs.getString("credential_id"),
					rs.getString("challenge"), rs.getString("assertion_json"), rs.getLong("signature_count")))
			.list();
	}

	private List<AccessRequest> list(String where, String value, int limit) {
		List<AccessRequest> bare = this.jdbc
			.sql("select " + COLUMNS + " from access_request where " + where + " order by created_at desc, id")
			.param("value", value)
			.query((rs, n) -> map(rs, List.of()))
			.list();
		List<AccessRequest> full = new ArrayList<>();
		for (AccessRequest request : bare.subList(0, Math.min(limit, bare.size()))) {
			full.add(withApprovals(request));
		}
		return full;
	}

	private AccessRequest withApprovals(AccessRequest request) {
		List<Approval> approvals = this.jdbc
			.sql("select approver, organisation, approved_at, approval_comment, evidence_id from access_approval "
					+ "where request_id = :id order by approved_at, approver")
			.param("id", request.id())
			.query((rs, n) -> new Approval(rs.getString("approver"), rs.getString("organisation"),
					Rows.instant(rs, "approved_at"), rs.getString("approval_comment"), rs.getString("evidence_id")))
			.list();
		return new AccessRequest(request.id(), request.requester(), request.organisation(), request.targetId(),
				request.level(), request.start(), request.duration(), request.reason(), request.ticket(),
				request.createdAt(), request.expiresAt(), request.state(), approvals, request.resolvedBy(),
				request.resolution(), request.resolvedAt(), request.grantId());
	}

	private static AccessRequest map(ResultSet rs, List<Approval> approvals) throws SQLException {
		return new AccessRequest(rs.getString("id"), rs.getString("requester"), rs.getString("organisation"),
				rs.getString("target_id"), rs.getString("level_name"), Optional.ofNullable(Rows.instant(rs, "start_at")),
				Duration.ofSeconds(rs.getLong("duration_sec")), rs.getString("reason"), rs.getString("ticket"),
				Rows.instant(rs, "created_at"), Rows.instant(rs, "expires_at"), RequestState.valueOf(rs.getString("state")),
				approvals, rs.getString("resolved_by"), rs.getString("resolution"), Rows.instant(rs, "resolved_at"),
				rs.getString("grant_id"));
	}

}
