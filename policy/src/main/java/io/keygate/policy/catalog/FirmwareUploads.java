package io.keygate.policy.catalog;

import java.util.List;
import java.util.Objects;

/**
 * Where a target takes firmware images and how large one may be. A request with a body to one of
 * these paths never streams straight to the upstream: the gateway's firmware gate hashes and
 * spools it first, and forwards it only when the image is on the allow-list and not held.
 *
 * @param paths the upload paths (patterns as in access rules); empty when the target takes no firmware
 * @param maxBytes the largest upload accepted (the whole request body), enforced while streaming
 */
public record FirmwareUploads(List<PathPattern> paths, long maxBytes) {

	/** A target without firmware paths. */
	public static final FirmwareUploads NONE = new FirmwareUploads(List.of(), 1);

	/** Above this a single upload is refused by the catalogue itself: the spool is a local disk. */
	public static final long LIMIT = 4L * 1024 * 1024 * 1024;

	public FirmwareUploads {
		Objects.requireNonNull(paths, "firmware paths cannot be null");
		paths = List.copyOf(paths);
		if (maxBytes < 1 || maxBytes > LIMIT) {
			throw new IllegalArgumentException("firmware 'max-size' must be between 1 byte and 4GB, but was " + maxBytes);
		}
	}

	/** Whether the (normalised) path is a firmware upload path of the target. */
	public boolean covers(String normalisedPath) {
		return this.paths.stream().anyMatch(pattern -> pattern.matches(normalisedPath));
	}

	public boolean declared() {
		return !this.paths.isEmpty();
	}

	/** Parses {@code 512MB}, {@code 64KB}, {@code 2GB} or a plain number of bytes (binary multiples). */
	public static long parseSize(String text) {
		String value = Objects.requireNonNull(text, "size cannot be null").strip().toUpperCase(java.util.Locale.ROOT);
		long unit = 1;
		for (String[] suffix : new String[][] { { "GB", "1073741824" }, { "MB", "1048576" }, { "KB", "1024" }, { "B", "1" } }) {
			if (value.endsWith(suffix[0])) {
				unit = Long.parseLong(suffix[1]);
				value = value.substring(0, value.length() - suffix[0].length()).strip();
				break;
			}
		}
		try {
			return Math.multiplyExact(Long.parseLong(value), unit);
		}
		catch (NumberFormatException | ArithmeticException ex) {
			throw new IllegalArgumentException("firmware 'max-size' must be a size such as 512MB, but was '" + text + "'");
		}
	}

}
