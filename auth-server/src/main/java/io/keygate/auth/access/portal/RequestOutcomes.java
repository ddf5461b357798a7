package io.keygate.auth.access.portal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.keygate.auth.access.grant.GrantActivation;
import io.keygate.auth.access.grant.GrantRecord;
import io.keygate.auth.access.portal.PortalViews.RequestRow;
import io.keygate.policy.request.RequestState;

/**
 * "My requests" as the vendor needs it: an approved request whose grant is over says so (ENDED,
 * EXPIRED, REVOKED, CANCELLED) instead of a green APPROVED that still reads as "you may go in".
 * The request's own state never changes (resolved states are final); only what the row shows does.
 */
final class RequestOutcomes {

	private RequestOutcomes() {
	}

	static List<RequestRow> rows(List<RequestRow> requests, List<GrantRecord> grants, String holder, Instant now) {
		Map<String, GrantRecord> byRequest = grants.stream()
			.collect(Collectors.toMap(g -> g.grant().requestId(), Function.identity(), (a, b) -> a));
		return requests.stream().map(row -> {
			GrantRecord grant = byRequest.get(row.id());
			if (!RequestState.APPROVED.name().equals(row.state()) || grant == null) {
				return row;
			}
			String shown = shownState(grant, holder, now);
			return new RequestRow(row.id(), row.requester(), row.organisation(), row.target(), row.level(), row.window(),
					row.duration(), row.reason(), row.ticket(), shown, row.created(), row.expires(), row.approvals(),
					row.resolution(), row.pending());
		}).toList();
	}

	static String shownState(GrantRecord grant, String holder, Instant now) {
		if (grant.isCurrentAt(now)) {
			return RequestState.APPROVED.name();
		}
		if (grant.activation() == GrantActivation.CANCELLED) {
			return "CANCELLED";
		}
		if (grant.endedAt() != null) {
			return holder.equals(grant.endedBy()) ? "ENDED" : "REVOKED";
		}
		return "EXPIRED";
	}

}
