package io.keygate.auth.webauthn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import io.keygate.auth.web.RefusedException;

class CeremonyStoreTest {

	private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

	private static WebAuthnProperties properties() {
		return new WebAuthnProperties("localhost", "Keygate", List.of("http://localhost"), Duration.ofMinutes(5), List.of(),
				new WebAuthnProperties.Trust(null, null, null, null, null, List.of(), null), false, null);
	}

	@Test
	void takeWhenAnsweredWithinTimeoutThenReturnedOnceOnly() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		CeremonyStore store = new CeremonyStore(Clock.fixed(NOW, ZoneOffset.UTC), properties());
		PendingCeremony issued = store.begin(request, "signin", "");

		assertThat(store.take(request, "signin").challenge()).isEqualTo(issued.challenge());
		assertThatThrownBy(() -> store.take(request, "signin")).isInstanceOfSatisfying(RefusedException.class,
				ex -> assertThat(ex.refusal()).isEqualTo(WebAuthnRefusal.NO_CEREMONY));
	}

	@Test
	void takeWhenChallengeOlderThanTimeoutThenRefusedExpiredAndRemoved() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		new CeremonyStore(Clock.fixed(NOW, ZoneOffset.UTC), properties()).begin(request, "signin", "");
		CeremonyStore later = new CeremonyStore(Clock.fixed(NOW.plus(Duration.ofMinutes(5).plusSeconds(1)), ZoneOffset.UTC),
				properties());

		assertThatThrownBy(() -> later.take(request, "signin")).isInstanceOfSatisfying(RefusedException.class,
				ex -> assertThat(ex.refusal()).isEqualTo(WebAuthnRefusal.CHALLENGE_EXPIRED));
		assertThatThrownBy(() -> later.take(request, "signin")).isInstanceOfSatisfying(RefusedException.class,
				ex -> assertThat(ex.refusal()).isEqualTo(WebAuthnRefusal.NO_CEREMONY));
	}

	@Test
	void takeWhenOtherPurposeThenRefused() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		CeremonyStore store = new CeremonyStore(Clock.fixed(NOW, ZoneOffset.UTC), properties());
		store.begin(request, "enroll", "invitation");

		assertThatThrownBy(() -> store.take(request, "signin")).isInstanceOfSatisfying(RefusedException.class,
				ex -> assertThat(ex.refusal()).isEqualTo(WebAuthnRefusal.NO_CEREMONY));
	}

	@Test
	void propertiesWhenOriginNotOnRpIdThenStartUpStopsNamingTheProperty() {
		assertThatThrownBy(() -> new WebAuthnProperties("keygate.example", "Keygate", List.of("https://evil.example"),
				Duration.ofMinutes(5), List.of(), new WebAuthnProperties.Trust(null, null, null, null, null, List.of(), null), false, null))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("keygate.webauthn.origins");
		assertThatThrownBy(() -> new WebAuthnProperties("keygate.example", "Keygate", List.of("https://keygate.example/path"),
				Duration.ofMinutes(5), List.of(), new WebAuthnProperties.Trust(null, null, null, null, null, List.of(), null), false, null))
			.isInstanceOf(IllegalArgumentException.class);
		new WebAuthnProperties("keygate.example", "Keygate", List.of("https://auth.keygate.example:8443"), Duration.ofMinutes(5),
				List.of(), new WebAuthnProperties.Trust(null, null, null, null, null, List.of(), null), false, null);
	}

	@Test
	void randomChallengeWhenIssuedThenThirtyTwoFreshBytes() {
		assertThat(CeremonyStore.randomChallenge()).hasSize(32).isNotEqualTo(CeremonyStore.randomChallenge());
	}

}
