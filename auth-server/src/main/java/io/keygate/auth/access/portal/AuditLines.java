package io.keygate.auth.access.portal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditEvent;

/**
 * The audit page's rows: besides who acted, whom the event was about (an {@code account.disabled}
 * names its subject only in the details), the reason and ticket text, and client addresses in one
 * spelling, so that {@code ::1} and {@code 0:0:0:0:0:0:0:1} do not read as two machines.
 */
final class AuditLines {

	/** Detail keys that name the person an event was about, most specific first. */
	private static final List<String> ABOUT = List.of("subject", "invitee", "requester", "holder", "approver");

	private static final Pattern FULL_IPV6 = Pattern.compile("[0-9a-fA-F]{1,4}(:[0-9a-fA-F]{1,4}){7}");

	private AuditLines() {
	}

	record AuditLine(long sequence, String at, String actor, String about, String action, String target, String request,
			String outcome, String reason, String ticket, String client, String severity) {
	}

	static AuditLine of(AuditEvent event, java.util.function.Function<java.time.Instant, String> at) {
		AuditEntry entry = event.entry();
		Map<String, String> details = entry.details();
		String about = "";
		for (String key : ABOUT) {
			String value = details.get(key);
			if (value != null && !value.isBlank() && !value.equals(entry.actor())) {
				about = value;
				break;
			}
		}
		List<String> reasons = new ArrayList<>();
		if (!entry.reason().isBlank()) {
			reasons.add(entry.reason());
		}
		String detailReason = details.getOrDefault("reason", "");
		if (!detailReason.isBlank() && !detailReason.equals(entry.reason())) {
			reasons.add(detailReason);
		}
		return new AuditLine(event.sequence(), at.apply(entry.at()), entry.actor(), about, entry.action(), entry.targetId(),
				entry.requestId(), entry.outcome(), String.join(" — ", reasons), details.getOrDefault("ticket", ""),
				address(entry.clientAddress()), entry.severity().name());
	}

	/** A full IPv6 literal in its RFC 5952 short form; anything else as it was recorded. */
	static String address(String recorded) {
		if (recorded == null || !FULL_IPV6.matcher(recorded).matches()) {
			return recorded == null ? "" : recorded;
		}
		String[] groups = recorded.split(":");
		int bestStart = -1;
		int bestLength = 0;
		for (int i = 0; i < groups.length;) {
			if (Integer.parseInt(groups[i], 16) != 0) {
				i++;
				continue;
			}
			int j = i;
			while (j < groups.length && Integer.parseInt(groups[j], 16) == 0) {
				j++;
			}
			if (j - i > bestLength) {
				bestStart = i;
				bestLength = j - i;
			}
			i = j;
		}
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < groups.length; i++) {
			if (bestLength >= 2 && i == bestStart) {
				out.append("::");
				i += bestLength - 1;
				continue;
			}
			if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
				out.append(':');
			}
			out.append(Integer.toHexString(Integer.parseInt(groups[i], 16)));
		}
		return out.toString();
	}

}
