package io.keygate.policy.firmware;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/** The SHA-256 of a firmware image, as 64 lower-case hex digits: the image's identity everywhere. */
public record FirmwareHash(String hex) {

	private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

	public FirmwareHash {
		Objects.requireNonNull(hex, "hex cannot be null");
		if (!HEX.matcher(hex).matches()) {
			throw new IllegalArgumentException("a firmware hash must be 64 lower-case hex digits (SHA-256)");
		}
	}

	/** Accepts upper case and surrounding blanks, as pasted from a vendor's release note. */
	public static FirmwareHash parse(String text) {
		return new FirmwareHash(Objects.requireNonNull(text, "text cannot be null").strip().toLowerCase(Locale.ROOT));
	}

	public static boolean isValid(String text) {
		return text != null && HEX.matcher(text.strip().toLowerCase(Locale.ROOT)).matches();
	}

	public static FirmwareHash of(byte[] digest) {
		if (digest.length != 32) {
			throw new IllegalArgumentException("a SHA-256 digest has 32 bytes, not " + digest.length);
		}
		return new FirmwareHash(HexFormat.of().formatHex(digest));
	}

	@Override
	public String toString() {
		return this.hex;
	}

}
