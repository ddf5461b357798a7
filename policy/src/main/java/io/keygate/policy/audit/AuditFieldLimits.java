package io.keygate.policy.audit;

import java.util.Map;
import java.util.TreeMap;

/**
 * What an entry may carry so that every store accepts it: each field at most
 * {@link #MAX_FIELD} characters (the columns hold 4,000), at most {@link #MAX_DETAILS} details,
 * each key at most {@link #MAX_DETAIL_KEY} and each value at most {@link #MAX_DETAIL_VALUE}
 * characters, and all detail values together at most {@link #MAX_DETAILS_TOTAL} characters (so
 * that even six-fold JSON escaping stays inside the 65,536-character details column).
 * <p>
 * Producers (the gateway) fit an entry before writing it, because the request path is where
 * over-long values come from (a vendor can send a 4,000-character path). A fitted value keeps its
 * start and says how much was cut; an entry that needed fitting says so in a detail, so a reader
 * of the chain knows the full value is not there.
 */
public final class AuditFieldLimits {

	public static final int MAX_FIELD = 1024;

	public static final int MAX_DETAILS = 32;

	public static final int MAX_DETAIL_KEY = 64;

	public static final int MAX_DETAIL_VALUE = 1024;

	public static final int MAX_DETAILS_TOTAL = 8192;

	/** The detail an entry carries when something was cut. */
	public static final String TRUNCATED_DETAIL = "truncated";

	private AuditFieldLimits() {
	}

	/** {@code entry} itself when it is within limits, otherwise a copy with over-long values cut. */
	public static AuditEntry fit(AuditEntry entry) {
		if (within(entry)) {
			return entry;
		}
		Map<String, String> details = new TreeMap<>();
		int total = 0;
		for (Map.Entry<String, String> detail : entry.details().entrySet()) {
			if (details.size() == MAX_DETAILS - 1) {
				break;
			}
			// Room is kept for the truncated flag itself.
			String value = cut(detail.getValue(), Math.min(MAX_DETAIL_VALUE, MAX_DETAILS_TOTAL - 16 - total));
			total += value.length();
			details.put(cut(detail.getKey(), MAX_DETAIL_KEY), value);
		}
		details.put(TRUNCATED_DETAIL, "true");
		return new AuditEntry(entry.at(), cut(entry.actor(), MAX_FIELD), cut(entry.organisation(), MAX_FIELD),
				cut(entry.action(), MAX_FIELD), cut(entry.targetId(), MAX_FIELD), cut(entry.grantId(), MAX_FIELD),
				cut(entry.requestId(), MAX_FIELD), cut(entry.outcome(), MAX_FIELD), cut(entry.reason(), MAX_FIELD),
				cut(entry.clientAddress(), MAX_FIELD), entry.severity(), details);
	}

	public static boolean within(AuditEntry entry) {
		if (entry.details().size() > MAX_DETAILS) {
			return false;
		}
		for (String field : new String[] { entry.actor(), entry.organisation(), entry.action(), entry.targetId(),
				entry.grantId(), entry.requestId(), entry.outcome(), entry.reason(), entry.clientAddress() }) {
			if (field.length() > MAX_FIELD) {
				return false;
			}
		}
		int total = 0;
		for (Map.Entry<String, String> detail : entry.details().entrySet()) {
			if (detail.getKey().length() > MAX_DETAIL_KEY || detail.getValue().length() > MAX_DETAIL_VALUE) {
				return false;
			}
			total += detail.getValue().length();
		}
		return total <= MAX_DETAILS_TOTAL;
	}

	/**
	 * The first characters of {@code value} and a marker with the number cut, at most {@code max}
	 * characters in all; never splits a surrogate pair.
	 */
	public static String cut(String value, int max) {
		if (value.length() <= max) {
			return value;
		}
		String marker = "...[" + value.length() + " chars]";
		int keep = Math.max(0, max - marker.length());
		if (keep > 0 && Character.isHighSurrogate(value.charAt(keep - 1))) {
			keep--;
		}
		return (value.substring(0, keep) + marker).substring(0, Math.min(max, keep + marker.length()));
	}

}
