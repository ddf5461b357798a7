package io.keygate.policy.firmware;

import java.time.Instant;
import java.util.Objects;

import io.keygate.policy.Names;

/**
 * A firmware image the utility verified: only images listed here are forwarded to a target.
 *
 * @param vendor the vendor organisation the image comes from (its distrust windows apply)
 * @param verification how it was verified, e.g. "vendor-signed release note 2026-11", "lab test L-42"
 * @param addedBy the security admin who added it (key-confirmed)
 */
public record AllowListEntry(FirmwareHash hash, String vendor, String model, String version, String verification,
		String addedBy, Instant addedAt) {

	public AllowListEntry {
		Objects.requireNonNull(hash, "hash cannot be null");
		Names.requireToken(vendor, "vendor");
		model = FirmwareText.require(model, "model", 100);
		version = FirmwareText.require(version, "version", 64);
		verification = FirmwareText.require(verification, "verification", 300);
		Names.requireToken(addedBy, "addedBy");
		Objects.requireNonNull(addedAt, "addedAt cannot be null");
	}

}
