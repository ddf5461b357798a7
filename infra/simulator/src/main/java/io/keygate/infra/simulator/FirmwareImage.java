package io.keygate.infra.simulator;

import java.time.Instant;
import java.util.Objects;

/**
 * A firmware image the simulated head-end received; {@code sha256} is the hex digest of its bytes,
 * {@code encoding} how it came ({@code multipart} or {@code raw}).
 */
public record FirmwareImage(String id, String filename, String version, long size, String sha256, String receivedBy,
		Instant receivedAt, String encoding) {

	public FirmwareImage {
		Objects.requireNonNull(id, "id cannot be null");
		Objects.requireNonNull(filename, "filename cannot be null");
		Objects.requireNonNull(version, "version cannot be null");
		Objects.requireNonNull(sha256, "sha256 cannot be null");
		Objects.requireNonNull(receivedBy, "receivedBy cannot be null");
		Objects.requireNonNull(receivedAt, "receivedAt cannot be null");
		Objects.requireNonNull(encoding, "encoding cannot be null");
	}

}
