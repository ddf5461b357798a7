package io.keygate.policy.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.keygate.policy.testsupport.MutableClock;

class FirmwareGateVerdictTest {

	private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

	private static final FirmwareHash LISTED = FirmwareHash.parse("A".repeat(64));

	private static final FirmwareHash UNLISTED = FirmwareHash.parse("b".repeat(64));

	private MutableClock clock;

	private InMemoryFirmwareRegister register;

	private FirmwareGate gate;

	@BeforeEach
	void setUp() {
		this.clock = MutableClock.at(T0);
		this.register = new InMemoryFirmwareRegister();
		this.gate = new FirmwareGate(this.register, this.clock);
		this.register.allow(entry(LISTED, "itron", T0.minus(Duration.ofDays(30))));
	}

	private static AllowListEntry entry(FirmwareHash hash, String vendor, Instant addedAt) {
		return new AllowListEntry(hash, vendor, "OpenWay", "4.3.0", "vendor-signed release note", "secadmin", addedAt);
	}

	private void window(String organisation, Instant start, Instant end) {
		this.register.openWindow(new DistrustWindow("w1", organisation, start, end, "breach LG-1", "secadmin", T0));
	}

	@Test
	void judgeWhenListedAndNoWindowThenForward() {
		assertThat(this.gate.judge(List.of(LISTED), "itron")).isInstanceOf(FirmwareVerdict.Forward.class);
	}

	@Test
	void judgeWhenUnlistedThenRefuseNotRejected() {
		FirmwareVerdict verdict = this.gate.judge(List.of(UNLISTED), "itron");

		assertThat(verdict).isInstanceOfSatisfying(FirmwareVerdict.Refuse.class, refuse -> {
			assertThat(refuse.hash()).isEqualTo(UNLISTED);
			assertThat(refuse.rejected()).isFalse();
		});
	}

	@Test
	void judgeWhenOneOfTwoImagesUnlistedThenRefuse() {
		assertThat(this.gate.judge(List.of(LISTED, UNLISTED), "itron")).isInstanceOf(FirmwareVerdict.Refuse.class);
	}

	@Test
	void judgeWhenFirstSeenInsideWindowOfUploaderThenHold() {
		window("itron", T0.minusSeconds(60), T0.plusSeconds(60));

		assertThat(this.gate.judge(List.of(LISTED), "itron")).isInstanceOfSatisfying(FirmwareVerdict.Hold.class,
				hold -> assertThat(hold.why()).contains("first seen"));
	}

	@Test
	void judgeWhenFirstSeenBeforeWindowThenForwardEvenDuringIt() {
		this.gate.judge(List.of(LISTED), "itron");
		this.clock.advance(Duration.ofDays(1));
		window("itron", this.clock.instant().minusSeconds(60), this.clock.instant().plusSeconds(60));

		assertThat(this.gate.judge(List.of(LISTED), "itron")).isInstanceOf(FirmwareVerdict.Forward.class);
	}

	@Test
	void judgeWhenUnlistedImageFirstSeenInWindowIsListedLaterThenStillHeld() {
		FirmwareHash later = FirmwareHash.parse("c".repeat(64));
		window("itron", T0.minusSeconds(60), T0.plusSeconds(60));
		assertThat(this.gate.judge(List.of(later), "itron")).isInstanceOf(FirmwareVerdict.Refuse.class);
		this.clock.advance(Duration.ofDays(2));
		this.register.allow(entry(later, "itron", this.clock.instant()));

		assertThat(this.gate.judge(List.of(later), "itron")).isInstanceOf(FirmwareVerdict.Hold.class);
	}

	@Test
	void judgeWhenAllowListedInsideWindowOfItsVendorThenHoldWhoeverUploads() {
		FirmwareHash image = FirmwareHash.parse("d".repeat(64));
		this.register.allow(entry(image, "landis", T0.minus(Duration.ofDays(3))));
		window("landis", T0.minus(Duration.ofDays(5)), T0.minus(Duration.ofDays(1)));

		assertThat(this.gate.judge(List.of(image), "utility-contractor")).isInstanceOfSatisfying(FirmwareVerdict.Hold.class,
				hold -> assertThat(hold.why()).contains("allow-listed"));
	}

	@Test
	void judgeWhenWindowOfAnotherOrganisationThenForward() {
		window("landis", T0.minusSeconds(60), T0.plusSeconds(60));

		assertThat(this.gate.judge(List.of(LISTED), "itron")).isInstanceOf(FirmwareVerdict.Forward.class);
	}

	@Test
	void judgeWhenHeldImageReleasedThenForwardInsideWindow() {
		window("itron", T0.minusSeconds(60), T0.plusSeconds(60));
		this.register.hold(HeldImage.held(LISTED, "itron", "alice", "head-end", "gw1", 10, T0, "first seen in window"));
		assertThat(this.gate.judge(List.of(LISTED), "itron")).isInstanceOfSatisfying(FirmwareVerdict.Hold.class,
				hold -> assertThat(hold.alreadyHeld()).isTrue());

		assertThat(this.register.decide(LISTED, HeldImage.State.RELEASED, "secadmin", T0)).isPresent();

		assertThat(this.gate.judge(List.of(LISTED), "itron")).isInstanceOf(FirmwareVerdict.Forward.class);
	}

	@Test
	void judgeWhenHeldImageRejectedThenRefuseAsRejected() {
		this.register.hold(HeldImage.held(LISTED, "itron", "alice", "head-end", "gw1", 10, T0, "first seen in window"));
		this.register.decide(LISTED, HeldImage.State.REJECTED, "secadmin", T0);

		assertThat(this.gate.judge(List.of(LISTED), "itron")).isInstanceOfSatisfying(FirmwareVerdict.Refuse.class,
				refuse -> assertThat(refuse.rejected()).isTrue());
	}

	@Test
	void decideWhenAlreadyDecidedThenEmptyAndFirstDecisionStands() {
		this.register.hold(HeldImage.held(LISTED, "itron", "alice", "head-end", "gw1", 10, T0, "first seen in window"));
		this.register.decide(LISTED, HeldImage.State.REJECTED, "secadmin", T0);

		assertThat(this.register.decide(LISTED, HeldImage.State.RELEASED, "other", T0)).isEmpty();
		assertThat(this.register.held(LISTED).orElseThrow().state()).isEqualTo(HeldImage.State.REJECTED);
	}

	@Test
	void windowWhenEndNotAfterStartThenRejected() {
		assertThatThrownBy(() -> new DistrustWindow("w", "itron", T0, T0, "r", "secadmin", T0))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void hashWhenNotSha256HexThenRejected() {
		assertThat(FirmwareHash.isValid("ab")).isFalse();
		assertThatThrownBy(() -> FirmwareHash.parse("z".repeat(64))).isInstanceOf(IllegalArgumentException.class);
	}

}
