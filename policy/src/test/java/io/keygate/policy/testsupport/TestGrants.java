package io.keygate.policy.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.keygate.policy.grant.Grant;

/** Grants for tests: a valid default that a test changes one field of. */
public final class TestGrants {

	private TestGrants() {
	}

	/** A grant of {@code alice@itron} on {@code head-end-1}, level {@code read}, from now for one hour. */
	public static Builder grant(Clock clock) {
		return new Builder(clock.instant());
	}

	public static final class Builder {

		private String id = "g-" + UUID.randomUUID();

		private String subject = "alice";

		private String organisation = "itron";

		private String targetId = "head-end-1";

		private String level = "read";

		private Instant notBefore;

		private Instant notAfter;

		private String requestId = "r-" + UUID.randomUUID();

		private List<String> approvers = List.of("bob", "carol");

		private Builder(Instant now) {
			this.notBefore = now;
			this.notAfter = now.plus(Duration.ofHours(1));
		}

		public Builder id(String id) {
			this.id = id;
			return this;
		}

		public Builder subject(String subject) {
			this.subject = subject;
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

		public Builder level(String level) {
			this.level = level;
			return this;
		}

		public Builder notBefore(Instant notBefore) {
			this.notBefore = notBefore;
			return this;
		}

		public Builder notAfter(Instant notAfter) {
			this.notAfter = notAfter;
			return this;
		}

		/** Sets notAfter to notBefore + {@code duration}. */
		public Builder lasting(Duration duration) {
			this.notAfter = this.notBefore.plus(duration);
			return this;
		}

		public Builder requestId(String requestId) {
			this.requestId = requestId;
			return this;
		}

		public Builder approvers(String... approvers) {
			this.approvers = List.of(approvers);
			return this;
		}

		public Grant build() {
			return new Grant(this.id, this.subject, this.organisation, this.targetId, this.level, this.notBefore,
					this.notAfter, this.requestId, this.approvers);
		}

	}

}
