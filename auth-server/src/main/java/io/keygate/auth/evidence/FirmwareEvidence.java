package io.keygate.auth.evidence;

import java.time.Instant;
import java.util.List;

/**
 * What the evidence pack shows for CIP-013-2 R1.2.5 (software integrity): the firmware allow-list
 * and the uploads held for review. Implemented by the firmware feature (issue 15); when no bean
 * implements it, the pack says the firmware gate reported nothing rather than showing an empty
 * list as if it were evidence.
 */
public interface FirmwareEvidence {

	List<AllowedImage> allowList();

	/** Holds open now or decided within {@code [from, to)}. */
	List<Hold> holds(Instant from, Instant to);

	/** One allow-listed image: its hash and what it is, how it was verified, by whom and when. */
	record AllowedImage(String sha256, String vendor, String model, String version, String verifiedHow, String addedBy,
			Instant addedAt) {
	}

	/** An upload held at the gateway; {@code decision} is empty while it is still held. */
	record Hold(String sha256, String organisation, String target, String uploadedBy, Instant heldAt, String decision,
			String decidedBy, Instant decidedAt) {
	}

}
