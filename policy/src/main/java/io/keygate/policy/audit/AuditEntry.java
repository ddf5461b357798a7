package io.keygate.policy.audit;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What happened, before it is chained: who did what to which target or grant, the outcome and
 * why, from where and when. {@code action} is the dotted name of an {@link AuditAction} (entries
 * are built from the enum; the chain stores the name); {@code details} holds
 * anything else worth keeping (method, path, bytes, status...). Absent values are empty strings,
 * never null, so that the hash input has one spelling for "nothing".
 */
public record AuditEntry(Instant at, String actor, String organisation, String action, String targetId, String grantId,
		String requestId, String outcome, String reason, String clientAddress, Severity severity,
		Map<String, String> details) {

	public AuditEntry {
		Objects.requireNonNull(at, "at cannot be null");
		actor = orEmpty(actor);
		organisation = orEmpty(organisation);
		if (action == null || action.isBlank()) {
			throw new IllegalArgumentException("an audit entry needs an action");
		}
		targetId = orEmpty(targetId);
		grantId = orEmpty(grantId);
		requestId = orEmpty(requestId);
		outcome = orEmpty(outcome);
		reason = orEmpty(reason);
		clientAddress = orEmpty(clientAddress);
		Objects.requireNonNull(severity, "severity cannot be null");
		Objects.requireNonNull(details, "details cannot be null");
		TreeMap<String, String> sorted = new TreeMap<>();
		details.forEach((key, value) -> sorted.put(Objects.requireNonNull(key, "detail key cannot be null"), orEmpty(value)));
		details = java.util.Collections.unmodifiableSortedMap(sorted);
	}

	private static String orEmpty(String value) {
		return value == null ? "" : value;
	}

	/** Starts an entry for {@code action} at {@code at}; the builder fills the rest. */
	public static Builder builder(AuditAction action, Instant at) {
		return new Builder(action.action(), at);
	}

	/** Builder so that callers and tests set only the fields that matter to them. */
	public static final class Builder {

		private final String action;

		private Instant at;

		private String actor;

		private String organisation;

		private String targetId;

		private String grantId;

		private String requestId;

		private String outcome;

		private String reason;

		private String clientAddress;

		private Severity severity = Severity.INFO;

		private final Map<String, String> details = new TreeMap<>();

		private Builder(String action, Instant at) {
			this.action = action;
			this.at = at;
		}

		public Builder at(Instant at) {
			this.at = at;
			return this;
		}

		public Builder actor(String actor) {
			this.actor = actor;
			return this;
		}

		public Builder organisation(String organisation) {
			this.organisation = organisation;
			return this;
		}

		public Builder target(String targetId) {
			this.targetId = targetId;
			return this;
		}

		public Builder grant(String grantId) {
			this.grantId = grantId;
			return this;
		}

		public Builder request(String requestId) {
			this.requestId = requestId;
			return this;
		}

		public Builder outcome(String outcome) {
			this.outcome = outcome;
			return this;
		}

		public Builder reason(String reason) {
			this.reason = reason;
			return this;
		}

		public Builder clientAddress(String clientAddress) {
			this.clientAddress = clientAddress;
			return this;
		}

		public Builder severity(Severity severity) {
			this.severity = severity;
			return this;
		}

		public Builder detail(String key, Object value) {
			this.details.put(key, value == null ? "" : String.valueOf(value));
			return this;
		}

		public AuditEntry build() {
			return new AuditEntry(this.at, this.actor, this.organisation, this.action, this.targetId, this.grantId,
					this.requestId, this.outcome, this.reason, this.clientAddress, this.severity, this.details);
		}

	}

}
