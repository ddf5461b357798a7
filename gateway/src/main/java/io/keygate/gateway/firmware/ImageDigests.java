package io.keygate.gateway.firmware;

import java.nio.ByteBuffer;
import java.util.List;

import io.keygate.policy.firmware.FirmwareHash;

/**
 * Reads an upload's body as it streams past, once, and names the images in it by SHA-256. No
 * implementation keeps more than a bounded header block in memory: the content only passes
 * through a digest.
 */
interface ImageDigests {

	/** Feeds the next bytes of the body. */
	void update(ByteBuffer bytes) throws MalformedUploadException;

	/** The body ended: the hash of each image, in order (at least one). */
	List<FirmwareHash> finish() throws MalformedUploadException;

	/** Field names a form-reading upstream would see (empty for a raw body). */
	List<String> fieldNames();

	/** The body could not be read as what it claims to be; nothing of it is forwarded. */
	final class MalformedUploadException extends Exception {

		MalformedUploadException(String message) {
			super(message, null, false, false);
		}

	}

}
