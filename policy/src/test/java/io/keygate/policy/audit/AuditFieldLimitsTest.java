package io.keygate.policy.audit;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AuditFieldLimitsTest {

	@Test
	void fitWhenTargetAndPathOverLongThenCutWithMarkerAndFlagged() {
		String path = "/" + "a".repeat(4100);
		AuditEntry entry = AuditEntry.builder(AuditAction.ACCESS_DECISION, Instant.EPOCH)
			.target("x".repeat(4100))
			.detail("path", path)
			.build();

		AuditEntry fitted = AuditFieldLimits.fit(entry);

		assertThat(AuditFieldLimits.within(entry)).isFalse();
		assertThat(AuditFieldLimits.within(fitted)).isTrue();
		assertThat(fitted.targetId()).hasSizeLessThanOrEqualTo(AuditFieldLimits.MAX_FIELD).startsWith("xxx").endsWith("[4100 chars]");
		assertThat(fitted.details().get("path")).hasSizeLessThanOrEqualTo(AuditFieldLimits.MAX_DETAIL_VALUE).startsWith("/aaa");
		assertThat(fitted.details()).containsEntry(AuditFieldLimits.TRUNCATED_DETAIL, "true");
	}

	@Test
	void fitWhenWithinLimitsThenSameEntry() {
		AuditEntry entry = AuditEntry.builder(AuditAction.ACCESS_DECISION, Instant.EPOCH).target("head-end").detail("path", "/x").build();
		assertThat(AuditFieldLimits.fit(entry)).isSameAs(entry);
	}

	@Test
	void cutNeverSplitsASurrogatePair() {
		String emoji = "\uD83D\uDE00".repeat(3000);
		for (int max = 20; max < 40; max++) {
			String cut = AuditFieldLimits.cut(emoji, max);
			assertThat(cut.length()).isLessThanOrEqualTo(max);
			assertThat(Character.isHighSurrogate(cut.charAt(cut.indexOf("...") - 1))).isFalse();
		}
	}

	@Test
	void fitWhenManyDetailsThenBoundedInCountAndTotal() {
		AuditEntry.Builder builder = AuditEntry.builder(AuditAction.ACCESS_DECISION, Instant.EPOCH);
		for (int i = 0; i < 100; i++) {
			builder.detail("k" + i, "v".repeat(1000));
		}
		AuditEntry fitted = AuditFieldLimits.fit(builder.build());
		assertThat(AuditFieldLimits.within(fitted)).isTrue();
		assertThat(fitted.details()).hasSizeLessThanOrEqualTo(AuditFieldLimits.MAX_DETAILS);
	}

}
