package io.keygate.auth.access.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.keygate.auth.access.AccountStates;
import io.keygate.auth.access.ApproverQueue;
import io.keygate.auth.access.GatewayLinkProperties;
import io.keygate.auth.access.RevocationResult;
import io.keygate.auth.access.grant.GrantRecord;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.request.AccessRequest;
import io.keygate.policy.catalog.Target;

/** The JSON shapes of the access API. Rows and domain records never reach the wire directly. */
public final class ApiViews {

	private ApiViews() {
	}

	/** What a vendor engineer sends to ask for access. {@code start} is ISO-8601 or absent for "as soon as approved". */
	public record NewRequest(String targetId, String level, String start, Integer durationMinutes, String reason,
			String ticket) {
	}

	/** An approval: the step-up challenge id, the key's assertion ({@code PublicKeyCredential} JSON) and a comment. */
	public record NewApproval(String challengeId, String comment, tools.jackson.databind.JsonNode credential) {
	}

	/** A denial, a revocation or a suspension: the reason given. */
	public record Reason(String comment) {
	}

	public record TargetView(String id, String name, String zone, String tier, long maxGrantMinutes, List<String> levels) {

		static TargetView of(Target target) {
			return new TargetView(target.id(), target.name(), target.zone(), target.tier().name(), target.maxGrant().toMinutes(),
					target.levels().keySet().stream().sorted().toList());
		}

	}

	public record ApprovalView(String approver, String organisation, Instant at, String comment) {
	}

	public record RequestView(String id, String requester, String organisation, String targetId, String level,
			Instant start, long durationMinutes, String reason, String ticket, String state, Instant createdAt,
			Instant expiresAt, List<ApprovalView> approvals, String resolvedBy, String resolution, Instant resolvedAt,
			String grantId) {

		static RequestView of(AccessRequest request) {
			return new RequestView(request.id(), request.requester(), request.organisation(), request.targetId(),
					request.level(), request.start().orElse(null), request.duration().toMinutes(), request.reason(),
					request.ticket(), request.state().name(), request.createdAt(), request.expiresAt(),
					request.approvals()
						.stream()
						.map(a -> new ApprovalView(a.approver(), a.organisation(), a.at(), a.comment()))
						.toList(),
					request.resolvedBy(), request.resolution(), request.resolvedAt(), request.grantId());
		}

	}

	public record QueueItemView(RequestView request, String targetName, String tier, int approvalsNeeded,
			List<String> hints, boolean reviewable, String notReviewableBecause, String requesterStatus) {

		static QueueItemView of(ApproverQueue.QueueItem item) {
			return new QueueItemView(RequestView.of(item.request()), item.target().name(), item.target().tier().name(),
					item.approvalsNeeded(), item.hints(), item.reviewable(), item.notReviewableBecause(),
					item.requesterStatus());
		}

	}

	/**
	 * A grant. {@code state}: {@code LIVE}; {@code SCHEDULED} (approved, starts at {@code notBefore},
	 * not usable yet); {@code ENDED} (revoked or ended early); {@code RAN_OUT} (its window is over);
	 * {@code CANCELLED} (ended before it started); {@code NEVER_STARTED} (its window passed before it
	 * was activated). {@code secondsLeft} counts only while live. {@code holderStatus}: the holder's
	 * account now ({@code active}, {@code disabled}, {@code without keys}, {@code removed}).
	 */
	public record GrantView(String id, String subject, String organisation, String targetId, String level, Instant notBefore,
			Instant notAfter, String state, long secondsLeft, List<String> approvers, String requestId, Instant endedAt,
			String endReason, String openUrl, String holderStatus) {

		static GrantView of(GrantRecord record, Instant now, GatewayLinkProperties gateway, AccountStates states) {
			Grant grant = record.grant();
			long left = record.isLiveAt(now) ? grant.remainingAt(now).toSeconds() : 0;
			return new GrantView(grant.id(), grant.subject(), grant.organisation(), grant.targetId(), grant.level(),
					grant.notBefore(), grant.notAfter(), state(record, now), left, grant.approvers(), grant.requestId(),
					record.endedAt(), record.endReason(), gateway.openLink(grant.targetId()), states.label(grant.subject()));
		}

		private static String state(GrantRecord record, Instant now) {
			if (record.isLiveAt(now)) {
				return "LIVE";
			}
			if (record.isScheduledAt(now)) {
				return "SCHEDULED";
			}
			switch (record.activation()) {
				case CANCELLED:
					return "CANCELLED";
				case EXPIRED:
					return "NEVER_STARTED";
				default:
					return record.endedAt() != null ? "ENDED" : "RAN_OUT";
			}
		}

	}

	public record ApprovalOutcome(RequestView request, GrantView grant, int approvalsNeeded, String message) {
	}

	/** What a revocation or suspension ended. Sessions are closed by each gateway when the revocation reaches it. */
	public record RevocationView(String scope, String key, int grantsEnded, List<String> grantIds, int scheduledCancelled,
			List<String> scheduledGrantIds, String message) {

		static RevocationView of(RevocationResult result, String what) {
			int scheduled = result.scheduledCancelled().size();
			return new RevocationView(result.scope().name(), result.key(), result.grantsEnded(), result.grantIds(),
					scheduled, result.scheduledCancelled(),
					what + ": " + result.grantsEnded() + (result.grantsEnded() == 1 ? " grant" : " grants")
							+ " ended. Every gateway closes the live sessions of those grants as the revocation reaches it."
							+ (scheduled == 0 ? ""
									: " " + scheduled + (scheduled == 1 ? " scheduled grant" : " scheduled grants")
											+ " cancelled: " + (scheduled == 1 ? "it" : "they") + " will not start."));
		}

	}

	public record OrganisationView(String id, boolean suspended) {
	}

	public record Message(String message) {
	}

	static Duration minutes(Integer minutes) {
		return minutes == null ? null : Duration.ofMinutes(minutes);
	}

}
