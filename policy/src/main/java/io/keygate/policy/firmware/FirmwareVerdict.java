package io.keygate.policy.firmware;

import java.util.List;
import java.util.Objects;

/** What the firmware gate does with an upload: forward it, refuse it, or hold it for a security admin. */
public sealed interface FirmwareVerdict permits FirmwareVerdict.Forward, FirmwareVerdict.Refuse, FirmwareVerdict.Hold {

	/** Every image in the upload is listed and none is held. */
	record Forward(List<AllowListEntry> entries) implements FirmwareVerdict {

		public Forward {
			entries = List.copyOf(entries);
		}

	}

	/**
	 * An image is not listed, or was rejected after a hold.
	 *
	 * @param rejected true when a security admin rejected this image (it is listed, but held and rejected)
	 */
	record Refuse(FirmwareHash hash, boolean rejected, String detail) implements FirmwareVerdict {

		public Refuse {
			Objects.requireNonNull(hash, "hash cannot be null");
			Objects.requireNonNull(detail, "detail cannot be null");
		}

	}

	/**
	 * An image is listed but falls in a distrust window (or is still held from an earlier upload).
	 *
	 * @param alreadyHeld true when an earlier upload of this image is already held
	 */
	record Hold(FirmwareHash hash, AllowListEntry entry, String why, boolean alreadyHeld) implements FirmwareVerdict {

		public Hold {
			Objects.requireNonNull(hash, "hash cannot be null");
			Objects.requireNonNull(entry, "entry cannot be null");
			Objects.requireNonNull(why, "why cannot be null");
		}

	}

}
