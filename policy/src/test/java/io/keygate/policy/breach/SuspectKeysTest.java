package io.keygate.policy.breach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class SuspectKeysTest {

	private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

	private static final BreachWindow WINDOW = new BreachWindow(T0, T0.plus(Duration.ofDays(7)));

	private static KeyUse use(String subject, String key, String address, Instant at) {
		return new KeyUse(subject, key, address, at);
	}

	@Test
	void amongWhenKeyUsedInsideWindowFromUnseenNetworkThenSuspect() {
		List<KeyUse> uses = List.of(use("eve", "k-eve", "10.0.0.5", T0.minusSeconds(3600)),
				use("eve", "k-eve", "203.0.113.9", T0.plusSeconds(60)));

		assertThat(SuspectKeys.among(uses, WINDOW)).containsExactly("k-eve");
	}

	@Test
	void amongWhenKeyUsedInsideWindowFromNetworkSeenBeforeThenNotSuspect() {
		// Another address of the same /24, used by a colleague before the window: the vendor's office.
		List<KeyUse> uses = List.of(use("ann", "k-ann", "10.0.0.5", T0.minusSeconds(3600)),
				use("vic", "k-vic", "10.0.0.77", T0.plusSeconds(60)));

		assertThat(SuspectKeys.among(uses, WINDOW)).isEmpty();
	}

	@Test
	void amongWhenUnseenNetworkUsedOnlyOutsideWindowThenNotSuspect() {
		List<KeyUse> uses = List.of(use("eve", "k-eve", "203.0.113.9", WINDOW.to()),
				use("eve", "k-eve", "203.0.113.9", T0.minusSeconds(1)));

		assertThat(SuspectKeys.among(uses, WINDOW)).isEmpty();
	}

	@Test
	void amongWhenNetworkFirstSeenInsideWindowThenEveryKeyUsedFromItIsSuspect() {
		// Seen first inside the window is not "seen before": both keys used from it are distrusted.
		List<KeyUse> uses = List.of(use("eve", "k-eve", "203.0.113.9", T0.plusSeconds(60)),
				use("vic", "k-vic", "203.0.113.10", T0.plusSeconds(120)));

		assertThat(SuspectKeys.among(uses, WINDOW)).containsExactly("k-eve", "k-vic");
	}

	@Test
	void amongWhenAddressMissingInsideWindowThenSuspect() {
		assertThat(SuspectKeys.among(List.of(use("eve", "k-eve", "", T0.plusSeconds(1))), WINDOW)).containsExactly("k-eve");
	}

	@Test
	void amongWhenIpv6InSameSlash64ThenSeen() {
		List<KeyUse> uses = List.of(use("ann", "k-ann", "2001:db8:0:1::5", T0.minusSeconds(3600)),
				use("vic", "k-vic", "2001:db8:0:1:abcd::9", T0.plusSeconds(60)),
				use("eve", "k-eve", "2001:db8:0:2::9", T0.plusSeconds(60)));

		assertThat(SuspectKeys.among(uses, WINDOW)).containsExactly("k-eve");
	}

	@Test
	void networkOfWhenAddressesThenSlash24AndSlash64() {
		assertThat(Network.of("192.0.2.77")).isEqualTo("192.0.2.0/24");
		assertThat(Network.of("2001:DB8::1")).isEqualTo("2001:db8:0:0::/64");
		assertThat(Network.of("[2001:db8:0:1::1]")).isEqualTo("2001:db8:0:1::/64");
		assertThat(Network.of("fe80::1%eth0")).isEqualTo("fe80:0:0:0::/64");
		assertThat(Network.of("not-an-address")).isEqualTo("other:not-an-address");
		assertThat(Network.of("1:2:3")).isEqualTo("other:1:2:3");
		assertThat(Network.of(" ")).isEmpty();
	}

	@Test
	void windowWhenStartNotBeforeEndThenRejected() {
		assertThatThrownBy(() -> new BreachWindow(T0, T0)).isInstanceOf(IllegalArgumentException.class);
		assertThat(WINDOW.contains(T0)).isTrue();
		assertThat(WINDOW.contains(WINDOW.to())).isFalse();
	}

}
