package io.keygate.gateway.firmware;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.List;

import io.keygate.policy.firmware.FirmwareHash;

/** A raw body ({@code application/octet-stream} or anything not multipart): the whole body is the image. */
final class RawImageDigest implements ImageDigests {

	private final MessageDigest digest = Sha256.newDigest();

	@Override
	public void update(ByteBuffer bytes) {
		this.digest.update(bytes);
	}

	@Override
	public List<FirmwareHash> finish() {
		return List.of(FirmwareHash.of(this.digest.digest()));
	}

	@Override
	public List<String> fieldNames() {
		return List.of();
	}

}
