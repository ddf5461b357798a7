package io.keygate.gateway.firmware;

import java.io.InputStream;
import java.security.MessageDigest;

/** A deterministic firmware image of any size, generated as it is read: never held in memory. */
final class GeneratedImage extends InputStream {

	private final long size;

	private final MessageDigest digest;

	private long position;

	GeneratedImage(long size, MessageDigest digest) {
		this.size = size;
		this.digest = digest;
	}

	@Override
	public int read() {
		byte[] one = new byte[1];
		return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
	}

	@Override
	public int read(byte[] buffer, int offset, int length) {
		if (this.position >= this.size) {
			return -1;
		}
		int count = (int) Math.min(length, this.size - this.position);
		for (int i = 0; i < count; i++) {
			long at = this.position + i;
			buffer[offset + i] = (byte) (at * 31 + (at >>> 12));
		}
		if (this.digest != null) {
			this.digest.update(buffer, offset, count);
		}
		this.position += count;
		return count;
	}

}
