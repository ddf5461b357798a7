package io.keygate.auth.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.keygate.auth.web.RefusedException;
import io.keygate.policy.audit.InMemoryAuditLog;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.identity.Role;

/** The refusals that come before any evidence is collected, and the period's defaults and bounds. */
class EvidencePacksTest {

	private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

	private static final EvidenceProperties DEFAULTS = new EvidenceProperties(null, false, null, null, null);

	private final InMemoryAuditLog audit = new InMemoryAuditLog();

	/** No collector: every case here must refuse before collecting anything. */
	private final EvidencePacks unsigned = new EvidencePacks(null, Optional.empty(), DEFAULTS, this.audit,
			Clock.fixed(NOW, ZoneOffset.UTC));

	private static Refusal refusal(Runnable call) {
		try {
			call.run();
		}
		catch (RefusedException ex) {
			return new Refusal(ex.refusal().name());
		}
		throw new AssertionError("not refused");
	}

	private record Refusal(String name) {
	}

	@Test
	void bundleWhenNoSigningKeyConfiguredThenRefusedNoSigningKeyNeverSignedWithADefault() {
		Actor admin = Actor.of("sam", "utility", Role.SECURITY_ADMIN);

		assertThat(refusal(() -> this.unsigned.bundle(admin, this.unsigned.period("", ""), "127.0.0.1")).name())
			.isEqualTo(EvidenceRefusal.NO_SIGNING_KEY.name());
		assertThat(this.audit.events()).isEmpty();
	}

	@Test
	void everyFormatWhenNotSecurityAdminThenRefusedNotAllowed() {
		EvidencePeriod period = this.unsigned.period("", "");
		for (Actor actor : new Actor[] { Actor.of("otto", "utility", Role.APPROVER), Actor.of("vic", "itron", Role.VENDOR_ENGINEER) }) {
			assertThat(refusal(() -> this.unsigned.html(actor, period, "")).name()).isEqualTo("NOT_ALLOWED");
			assertThat(refusal(() -> this.unsigned.csv(actor, period, "summary", "")).name()).isEqualTo("NOT_ALLOWED");
			assertThat(refusal(() -> this.unsigned.bundle(actor, period, "")).name()).isEqualTo("NOT_ALLOWED");
		}
		assertThat(this.audit.events()).isEmpty();
	}

	@Test
	void periodWhenNoneChosenThenTheLastNinetyDaysUpToNow() {
		EvidencePeriod period = this.unsigned.period("", " ");

		assertThat(period.to()).isEqualTo(NOW);
		assertThat(Duration.between(period.from(), period.to())).isEqualTo(Duration.ofDays(90));
	}

	@Test
	void periodWhenExactlyTheLongestAllowedThenAcceptedAndOneDayMoreRefused() {
		assertThat(this.unsigned.period("2025-10-24", "2026-11-28").from()).isEqualTo(Instant.parse("2025-10-24T00:00:00Z"));
		assertThat(refusal(() -> this.unsigned.period("2025-10-23", "2026-11-28")).name()).isEqualTo("INVALID_PERIOD");
	}

	@Test
	void propertiesWhenGenerateWithoutAKeyFileThenStartUpStopsNamingTheProperty() {
		assertThatThrownBy(() -> new EvidenceProperties(null, true, null, null, null))
			.hasMessageContaining("keygate.evidence.signing-key-generate needs keygate.evidence.signing-key-file");
		assertThatThrownBy(() -> new EvidenceProperties(null, false, null, Duration.ofDays(500), null))
			.hasMessageContaining("keygate.evidence.default-period");
	}

}
