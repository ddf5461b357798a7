package io.keygate.policy.firmware;

/** Free text kept with firmware records: bounded, one line, no control characters. */
final class FirmwareText {

	private FirmwareText() {
	}

	static String require(String value, String what, int max) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(what + " is required");
		}
		String stripped = value.strip();
		if (stripped.length() > max) {
			throw new IllegalArgumentException(what + " must be at most " + max + " characters");
		}
		if (stripped.chars().anyMatch(Character::isISOControl)) {
			throw new IllegalArgumentException(what + " must be one line of text");
		}
		return stripped;
	}

}
