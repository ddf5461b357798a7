package io.keygate.policy.firmware;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the firmware gate needs to know and what it reports: the allow-list, the distrust windows,
 * when each image was first seen, and held images with their decisions. The auth server writes the
 * first two and the decisions; every gateway reads them and writes first sightings and holds. One
 * in-memory instance is shared in the embedded mode; Redis backs it when gateways are many.
 * <p>
 * Every method may throw {@link FirmwareRegisterUnavailableException}; the gate then refuses.
 */
public interface FirmwareRegister {

	Optional<AllowListEntry> allowListed(FirmwareHash hash);

	List<AllowListEntry> allowList();

	/** Adds an entry; false when the hash is already listed (the first entry stands). */
	boolean allow(AllowListEntry entry);

	List<DistrustWindow> windows();

	void openWindow(DistrustWindow window);

	/** Records the first sighting (set once, atomically) and returns it: {@code now} unless seen before. */
	Instant firstSeen(FirmwareHash hash, Instant now);

	Optional<HeldImage> held(FirmwareHash hash);

	List<HeldImage> held();

	/** Records a hold; false when the image is already recorded (held or decided), which stands. */
	boolean hold(HeldImage image);

	/**
	 * Records a release or a rejection of a held image, atomically against a concurrent decision.
	 *
	 * @return the decided image, or empty when the image was not held (unknown or already decided)
	 */
	Optional<HeldImage> decide(FirmwareHash hash, HeldImage.State decision, String by, Instant at);

}
