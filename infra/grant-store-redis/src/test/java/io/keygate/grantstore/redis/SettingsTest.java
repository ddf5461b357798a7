package io.keygate.grantstore.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class SettingsTest {

	@Test
	void grantStoreWhenNothingSetThenEmbeddedDefaults() {
		GrantStoreSettings settings = new GrantStoreSettings(null, null, null);
		assertThat(settings.kind()).isEqualTo(GrantStoreSettings.Kind.IN_MEMORY);
		assertThat(settings.keyPrefix()).isEqualTo("keygate");
	}

	@Test
	void grantStoreWhenRedisWithoutUrlThenRefusedNamingTheProperty() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new GrantStoreSettings(GrantStoreSettings.Kind.REDIS, " ", "keygate"))
			.withMessageContaining("keygate.grant-store.redis-url");
	}

	@Test
	void grantStoreWhenKeyPrefixHasSeparatorThenRefusedNamingTheProperty() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new GrantStoreSettings(GrantStoreSettings.Kind.REDIS, "redis://127.0.0.1", "keygate:"))
			.withMessageContaining("keygate.grant-store.key-prefix");
	}

	@Test
	void auditStreamWhenNothingSetThenDefaults() {
		AuditStreamSettings settings = AuditStreamSettings.defaults();
		assertThat(settings.stream()).isEqualTo("keygate:audit:gateway");
		assertThat(settings.maxBacklog()).isEqualTo(200_000L);
		assertThat(settings.claimIdle()).isEqualTo(java.time.Duration.ofSeconds(30));
		assertThat(settings.group()).isEqualTo("keygate-auth-server");
		assertThat(settings.consumer()).isEmpty();
		assertThat(settings.redisUrl()).isNull();
	}

	@Test
	void auditStreamWhenMaxBacklogTooSmallThenRefusedNamingTheProperty() {
		assertThatIllegalArgumentException().isThrownBy(() -> new AuditStreamSettings(null, "s", 10L, null, null, null))
			.withMessageContaining("keygate.audit-stream.max-backlog");
	}

	@Test
	void auditStreamWhenClaimIdleTooShortThenRefusedNamingTheProperty() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new AuditStreamSettings(null, "s", null, null, null, java.time.Duration.ofMillis(10)))
			.withMessageContaining("keygate.audit-stream.claim-idle");
	}

}
