package io.keygate.grantstore.redis.firmware;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.keygate.policy.firmware.AllowListEntry;
import io.keygate.policy.firmware.DistrustWindow;
import io.keygate.policy.firmware.FirmwareHash;
import io.keygate.policy.firmware.HeldImage;

/**
 * Firmware records as Redis hash values: fields URL-encoded and joined by tabs ({@code ~} for
 * none, which URL-encoding never produces). Decoding goes through the records' own validation, so
 * a value that was tampered into nonsense is refused, not half-read.
 */
final class FirmwareRecordCodec {

	private static final String NONE = "~";

	private FirmwareRecordCodec() {
	}

	static String encode(AllowListEntry entry) {
		return join(entry.hash().hex(), entry.vendor(), entry.model(), entry.version(), entry.verification(), entry.addedBy(),
				entry.addedAt().toString());
	}

	static AllowListEntry allowListEntry(String value) {
		List<String> f = split(value, 7);
		return new AllowListEntry(new FirmwareHash(f.get(0)), f.get(1), f.get(2), f.get(3), f.get(4), f.get(5),
				Instant.parse(f.get(6)));
	}

	static String encode(DistrustWindow window) {
		return join(window.id(), window.organisation(), window.start().toString(), window.end().toString(), window.reason(),
				window.openedBy(), window.openedAt().toString());
	}

	static DistrustWindow window(String value) {
		List<String> f = split(value, 7);
		return new DistrustWindow(f.get(0), f.get(1), Instant.parse(f.get(2)), Instant.parse(f.get(3)), f.get(4), f.get(5),
				Instant.parse(f.get(6)));
	}

	static String encode(HeldImage image) {
		return join(image.hash().hex(), image.organisation(), image.uploader(), image.target(), image.gateway(),
				Long.toString(image.size()), image.heldAt().toString(), image.why(), image.state().name(), image.decidedBy(),
				image.decidedAt() == null ? null : image.decidedAt().toString());
	}

	static HeldImage heldImage(String value) {
		List<String> f = split(value, 11);
		return new HeldImage(new FirmwareHash(f.get(0)), f.get(1), f.get(2), f.get(3), f.get(4), Long.parseLong(f.get(5)),
				Instant.parse(f.get(6)), f.get(7), HeldImage.State.valueOf(f.get(8)), f.get(9),
				f.get(10) == null ? null : Instant.parse(f.get(10)));
	}

	private static String join(String... fields) {
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < fields.length; i++) {
			if (i > 0) {
				out.append('\t');
			}
			out.append(fields[i] == null ? NONE : URLEncoder.encode(fields[i], StandardCharsets.UTF_8));
		}
		return out.toString();
	}

	private static List<String> split(String value, int count) {
		String[] parts = value.split("\t", -1);
		if (parts.length != count) {
			throw new IllegalArgumentException("a firmware record needs " + count + " fields, not " + parts.length);
		}
		List<String> fields = new ArrayList<>(count);
		for (String part : parts) {
			fields.add(NONE.equals(part) ? null : URLDecoder.decode(part, StandardCharsets.UTF_8));
		}
		return fields;
	}

}
