package io.keygate.gateway.transcript;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.core.io.buffer.DataBuffer;

/**
 * The first bytes of one request body as it streams to the upstream: copied up to the cap, the
 * rest only counted, so a large upload is never held in memory. What it yields for the audit entry
 * is computed once, when the request completes.
 */
public final class CapturedBody {

	public static final String ATTRIBUTE = CapturedBody.class.getName();

	/** Detail keys; the auth server moves {@value #PART_PREFIX}* out of the chain into its own table. */
	public static final String PART_PREFIX = "body.part.";

	private static final int PART = 1000;

	private final String contentType;

	private final int cap;

	private final ByteArrayOutputStream kept;

	private final BodyRedaction redaction;

	private final Optional<BodySealing> sealing;

	private long length;

	CapturedBody(String contentType, int cap, BodyRedaction redaction, Optional<BodySealing> sealing) {
		// Bounded: the header is the client's, and the whole body rides in one audit entry.
		this.contentType = contentType == null ? "" : contentType.length() > 128 ? contentType.substring(0, 128) : contentType;
		this.cap = cap;
		this.redaction = redaction;
		this.sealing = sealing;
		this.kept = new ByteArrayOutputStream(Math.min(cap, 256));
	}

	public static CapturedBody of(org.springframework.web.server.ServerWebExchange exchange) {
		return exchange.getAttribute(ATTRIBUTE);
	}

	synchronized void copy(DataBuffer buffer) {
		int readable = buffer.readableByteCount();
		this.length += readable;
		int room = this.cap - this.kept.size();
		if (room > 0 && readable > 0) {
			int take = Math.min(room, readable);
			ByteBuffer copy = ByteBuffer.allocate(take);
			buffer.toByteBuffer(buffer.readPosition(), copy, 0, take);
			this.kept.write(copy.array(), 0, take);
		}
	}

	/** The details to add to the completion's audit entry: the redacted (maybe sealed) body in parts. */
	public synchronized Map<String, String> details() {
		BodyRedaction redaction = this.redaction;
		Optional<BodySealing> sealing = this.sealing;
		Map<String, String> details = new LinkedHashMap<>();
		details.put("body.contentType", this.contentType);
		details.put("body.length", Long.toString(this.length));
		boolean truncated = this.length > this.kept.size();
		Optional<byte[]> redacted = redaction.redact(this.contentType, this.kept.toByteArray());
		if (redacted.isEmpty()) {
			details.put("body.omitted", "content type cannot be redacted");
			return details;
		}
		byte[] body = redacted.get();
		if (body.length > this.cap) {
			// Redaction can lengthen a body ("pin":1 becomes "pin":"[REDACTED]"): cut it back to the cap.
			body = java.util.Arrays.copyOf(body, this.cap);
			truncated = true;
		}
		details.put("body.truncated", Boolean.toString(truncated));
		details.put("body.sealed", Boolean.toString(sealing.isPresent()));
		byte[] kept = body;
		byte[] stored;
		try {
			stored = sealing.map(seal -> seal.seal(kept)).orElse(kept);
		}
		catch (RuntimeException ex) {
			// Never store in clear what was meant to be sealed.
			details.put("body.omitted", "sealing failed");
			return details;
		}
		String encoded = Base64.getEncoder().encodeToString(stored);
		for (int i = 0, part = 0; i < encoded.length(); i += PART, part++) {
			details.put(PART_PREFIX + part, encoded.substring(i, Math.min(encoded.length(), i + PART)));
		}
		return details;
	}

}
