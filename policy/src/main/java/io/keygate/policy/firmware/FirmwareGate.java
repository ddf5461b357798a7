package io.keygate.policy.firmware;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one firmware decision: given the hashes of the images in an upload and the uploader's
 * organisation, forward, refuse or hold. Deny rules come first and short-circuit:
 * <ol>
 * <li>an image not on the allow-list is refused (a rejected hold is refused too);</li>
 * <li>an image already held stays held until a security admin decides;</li>
 * <li>an image first seen, or allow-listed, inside a distrust window of the uploader's organisation
 * or of the image's vendor is held, unless a security admin released it;</li>
 * <li>anything else is forwarded.</li>
 * </ol>
 * With several images in one upload the strictest verdict wins (refuse, then hold). Every image
 * is recorded as seen, even a refused one: an image first offered during a breach and listed
 * later is still "first seen inside the window".
 */
public final class FirmwareGate {

	private final FirmwareRegister register;

	private final Clock clock;

	public FirmwareGate(FirmwareRegister register, Clock clock) {
		this.register = Objects.requireNonNull(register, "register cannot be null");
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
	}

	public FirmwareRegister register() {
		return this.register;
	}

	/**
	 * @param images the SHA-256 of each image in the upload (at least one)
	 * @throws FirmwareRegisterUnavailableException when the register cannot be read (refuse)
	 */
	public FirmwareVerdict judge(List<FirmwareHash> images, String organisation) {
		if (images.isEmpty()) {
			throw new IllegalArgumentException("an upload to judge has at least one image");
		}
		Instant now = this.clock.instant();
		List<FirmwareVerdict> verdicts = new ArrayList<>();
		for (FirmwareHash hash : images) {
			verdicts.add(judgeOne(hash, organisation, now));
		}
		Optional<FirmwareVerdict> refuse = verdicts.stream().filter(FirmwareVerdict.Refuse.class::isInstance).findFirst();
		if (refuse.isPresent()) {
			return refuse.get();
		}
		Optional<FirmwareVerdict> hold = verdicts.stream().filter(FirmwareVerdict.Hold.class::isInstance).findFirst();
		if (hold.isPresent()) {
			return hold.get();
		}
		return new FirmwareVerdict.Forward(
				verdicts.stream().flatMap(v -> ((FirmwareVerdict.Forward) v).entries().stream()).toList());
	}

	private FirmwareVerdict judgeOne(FirmwareHash hash, String organisation, Instant now) {
		Instant firstSeen = this.register.firstSeen(hash, now);
		Optional<AllowListEntry> listed = this.register.allowListed(hash);
		if (listed.isEmpty()) {
			return new FirmwareVerdict.Refuse(hash, false, "not on the allow-list");
		}
		AllowListEntry entry = listed.get();
		Optional<HeldImage> held = this.register.held(hash);
		if (held.isPresent()) {
			switch (held.get().state()) {
				case REJECTED:
					return new FirmwareVerdict.Refuse(hash, true,
							"rejected by " + held.get().decidedBy() + " at " + held.get().decidedAt());
				case HELD:
					return new FirmwareVerdict.Hold(hash, entry, held.get().why(), true);
				case RELEASED:
					return new FirmwareVerdict.Forward(List.of(entry));
			}
		}
		for (DistrustWindow window : this.register.windows()) {
			for (String party : List.of(organisation, entry.vendor())) {
				if (window.covers(party, firstSeen)) {
					return new FirmwareVerdict.Hold(hash, entry, "first seen " + firstSeen + " inside distrust window "
							+ window.id() + " of " + party, false);
				}
				if (window.covers(party, entry.addedAt())) {
					return new FirmwareVerdict.Hold(hash, entry, "allow-listed " + entry.addedAt()
							+ " inside distrust window " + window.id() + " of " + party, false);
				}
			}
		}
		return new FirmwareVerdict.Forward(List.of(entry));
	}

}
