package io.keygate.grantstore.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;

import org.junit.jupiter.api.Test;

class SettingsTest {

	@Test
	void grantStoreWhenNothingSetThenEmbeddedDefaults() {
		GrantStoreSettings settings = new GrantStoreSettings(null, null, null, null, null);
		assertThat(settings.kind()).isEqualTo(GrantStoreSettings.Kind.IN_MEMORY);
		assertThat(settings.keyPrefix()).isEqualTo("keygate");
	}

	@Test
	void grantStoreWhenRedisWithoutUrlThenRefusedNamingTheProperty() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new GrantStoreSettings(GrantStoreSettings.Kind.REDIS, " ", "keygate", null, null))
			.withMessageContaining("keygate.grant-store.redis-url");
	}

	@Test
	void grantStoreWhenRedisWithoutIntegrityKeysThenRefusedNamingTheProperty() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new GrantStoreSettings(GrantStoreSettings.Kind.REDIS, "redis://127.0.0.1", "keygate", null, null))
			.withMessageContaining("keygate.grant-store.integrity-keys is required");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new GrantStoreSettings(GrantStoreSettings.Kind.REDIS, "redis://127.0.0.1", "keygate", List.of(), null))
			.withMessageContaining("keygate.grant-store.integrity-keys is required");
	}

	@Test
	void grantStoreWhenInMemoryThenNoIntegrityKeysNeeded() {
		assertThat(new GrantStoreSettings(GrantStoreSettings.Kind.IN_MEMORY, null, null, null, null).integrityKeys()).isEmpty();
	}

	@Test
	void integrityKeyWhenSecretShortOrIdBadOrIdTwiceThenRefusedNamingTheProperty() {
		assertThatIllegalArgumentException().isThrownBy(() -> new IntegrityKey("k1", "short"))
			.withMessageContaining("keygate.grant-store.integrity-keys[k1].secret must be at least 32 bytes");
		assertThatIllegalArgumentException().isThrownBy(() -> new IntegrityKey("k:1", TestIntegrity.KEY_1.secret()))
			.withMessageContaining("keygate.grant-store.integrity-keys[].id");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new GrantStoreSettings(GrantStoreSettings.Kind.REDIS, "redis://127.0.0.1", "keygate",
					List.of(TestIntegrity.KEY_1, new IntegrityKey("k1", TestIntegrity.KEY_2.secret())), null))
			.withMessageContaining("names key 'k1' twice");
		assertThat(TestIntegrity.KEY_1.toString()).doesNotContain(TestIntegrity.KEY_1.secret());
	}

	@Test
	void integrityKeysWhenSignedByFirstThenVerifiedByAnyAndAnyChangeRefused() {
		IntegrityKeys ring = IntegrityKeys.of(TestIntegrity.KEY_2, TestIntegrity.KEY_1);
		IntegrityKeys.Signature signature = IntegrityKeys.of(TestIntegrity.KEY_1).sign("p", List.of("a", "b"));
		assertThat(ring.signingKeyId()).isEqualTo("k2");
		assertThat(ring.verify("p", List.of("a", "b"), signature.keyId(), signature.mac())).isEqualTo(IntegrityKeys.Verdict.VALID);
		// Length-prefixed: moving a character between values changes the MAC.
		assertThat(ring.verify("p", List.of("ab", ""), signature.keyId(), signature.mac())).isEqualTo(IntegrityKeys.Verdict.BAD_MAC);
		assertThat(ring.verify("q", List.of("a", "b"), signature.keyId(), signature.mac())).isEqualTo(IntegrityKeys.Verdict.BAD_MAC);
		assertThat(ring.verify("p", List.of("a", "b"), "k3", signature.mac())).isEqualTo(IntegrityKeys.Verdict.UNKNOWN_KEY);
		assertThat(ring.verify("p", List.of("a", "b"), null, null)).isEqualTo(IntegrityKeys.Verdict.MISSING);
	}

	@Test
	void grantStoreWhenKeyPrefixHasSeparatorThenRefusedNamingTheProperty() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new GrantStoreSettings(GrantStoreSettings.Kind.REDIS, "redis://127.0.0.1", "keygate:", null, null))
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
