package io.keygate.gateway.firmware;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.keygate.policy.firmware.FirmwareHash;
import io.keygate.policy.shape.FormFieldNames;

/**
 * A {@code multipart/form-data} (or {@code multipart/mixed}) body read as it streams: each part's
 * content goes through its own SHA-256, nothing else is kept but one header block at a time.
 * <p>
 * <b>Which hash is the image's.</b> The image is the <em>content of a part</em>, exactly the bytes
 * the upstream stores as the file: not the whole request (its boundary is random per upload, so
 * the same image would never hash the same twice, and a vendor's published hash is of the file).
 * Every part that carries a {@code filename}, or whose content is larger than
 * {@value #FIELD_LIMIT} bytes, counts as an image and must be allow-listed: an upstream that read
 * a plain field as the image (no filename) must not get an unchecked one that way. Small fields
 * (a version string) are not images.
 * <p>
 * <b>Strict on purpose.</b> The gateway forwards the very bytes it parsed, so any leniency where
 * the upstream's parser differs would let one image be checked and another stored. Lines end in
 * CRLF, the boundary follows RFC 2046 §5.1.1 and appears once, every part has exactly one
 * {@code Content-Disposition}, no obsolete header folding, no nested multipart, no
 * {@code Content-Transfer-Encoding} other than the identity ones, and the closing delimiter must
 * come: anything else is malformed and refused.
 */
final class MultipartImageDigests implements ImageDigests {

	/** A part without a filename larger than this is treated as an image too. */
	static final int FIELD_LIMIT = 1024;

	static final int MAX_HEADER_BLOCK = 8 * 1024;

	static final int MAX_PREAMBLE = 8 * 1024;

	private static final Pattern BOUNDARY = Pattern.compile("(?i);\\s*boundary\\s*=\\s*(\"([^\"]*)\"|[^;\\s]*)");

	private static final Pattern BCHARS = Pattern.compile("[0-9A-Za-z'()+_,\\-./:=? ]{0,69}[0-9A-Za-z'()+_,\\-./:=?]");

	private static final Pattern FILENAME = Pattern.compile("(?i)(?:^|[;\\s])filename\\*?\\s*=");

	private enum State {
		PREAMBLE, AFTER_DELIMITER, HEADERS, CONTENT, EPILOGUE
	}

	private final byte[] delimiter;

	private State state = State.PREAMBLE;

	/** How many bytes of {@link #delimiter} the latest bytes match; the body starts as if after a CRLF. */
	private int matched = 2;

	private long preamble;

	private final byte[] afterDelimiter = new byte[2];

	private int afterDelimiterRead;

	private final ByteArrayOutputStream headers = new ByteArrayOutputStream();

	private int lastFour;

	private MessageDigest part;

	private long partSize;

	private boolean partIsFile;

	private final List<FirmwareHash> images = new ArrayList<>();

	private final List<String> fieldNames = new ArrayList<>();

	private MultipartImageDigests(String boundary) {
		this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
	}

	/** For a multipart content type; empty when it names no single valid boundary. */
	static Optional<MultipartImageDigests> of(String contentType) {
		Matcher matcher = BOUNDARY.matcher(contentType);
		if (!matcher.find()) {
			return Optional.empty();
		}
		String boundary = matcher.group(2) != null ? matcher.group(2) : matcher.group(1);
		if (matcher.find() || !BCHARS.matcher(boundary).matches()) {
			return Optional.empty();
		}
		return Optional.of(new MultipartImageDigests(boundary));
	}

	static boolean isMultipart(String contentType) {
		return contentType != null && contentType.strip().toLowerCase(Locale.ROOT).startsWith("multipart/");
	}

	@Override
	public void update(ByteBuffer bytes) throws MalformedUploadException {
		while (bytes.hasRemaining()) {
			switch (this.state) {
				case PREAMBLE -> scan(bytes, false);
				case CONTENT -> scan(bytes, true);
				case AFTER_DELIMITER -> afterDelimiter(bytes);
				case HEADERS -> headers(bytes);
				case EPILOGUE -> bytes.position(bytes.limit());
			}
		}
	}

	/** Looks for the delimiter; bytes before it are content (digested) or preamble (counted and dropped). */
	private void scan(ByteBuffer bytes, boolean content) throws MalformedUploadException {
		int start = bytes.position();
		int limit = bytes.limit();
		int run = start;
		for (int i = start; i < limit; i++) {
			byte b = bytes.get(i);
			if (this.matched == 0) {
				if (b == '\r') {
					consume(bytes, run, i, content);
					this.matched = 1;
				}
			}
			else if (b == this.delimiter[this.matched]) {
				this.matched++;
				if (this.matched == this.delimiter.length) {
					this.matched = 0;
					bytes.position(i + 1);
					if (content) {
						endPart();
					}
					this.state = State.AFTER_DELIMITER;
					this.afterDelimiterRead = 0;
					return;
				}
			}
			else {
				// The delimiter has one CR, at its start: what matched so far was content after all.
				consume(ByteBuffer.wrap(this.delimiter), 0, this.matched, content);
				if (b == '\r') {
					this.matched = 1;
				}
				else {
					this.matched = 0;
					run = i;
				}
			}
			if (this.matched > 0) {
				run = i + 1;
			}
		}
		if (this.matched == 0) {
			consume(bytes, run, limit, content);
		}
		bytes.position(limit);
	}

	private void consume(ByteBuffer bytes, int from, int to, boolean content) throws MalformedUploadException {
		if (to <= from) {
			return;
		}
		if (!content) {
			this.preamble += to - from;
			if (this.preamble > MAX_PREAMBLE) {
				throw new MalformedUploadException("no multipart boundary in the first " + MAX_PREAMBLE + " bytes");
			}
			return;
		}
		this.part.update(bytes.duplicate().limit(to).position(from));
		this.partSize += to - from;
	}

	private void afterDelimiter(ByteBuffer bytes) throws MalformedUploadException {
		this.afterDelimiter[this.afterDelimiterRead++] = bytes.get();
		if (this.afterDelimiterRead < 2) {
			return;
		}
		if (this.afterDelimiter[0] == '-' && this.afterDelimiter[1] == '-') {
			this.state = State.EPILOGUE;
		}
		else if (this.afterDelimiter[0] == '\r' && this.afterDelimiter[1] == '\n') {
			this.state = State.HEADERS;
			this.headers.reset();
			this.lastFour = 0;
		}
		else {
			throw new MalformedUploadException("a multipart delimiter is followed by neither CRLF nor '--'");
		}
	}

	private void headers(ByteBuffer bytes) throws MalformedUploadException {
		while (bytes.hasRemaining()) {
			byte b = bytes.get();
			this.headers.write(b);
			this.lastFour = (this.lastFour << 8) | (b & 0xff);
			int size = this.headers.size();
			if (size > MAX_HEADER_BLOCK) {
				throw new MalformedUploadException("a part's headers exceed " + MAX_HEADER_BLOCK + " bytes");
			}
			if (size == 2 && this.lastFour == 0x0d0a || size == 1 && b == '\n') {
				throw new MalformedUploadException("a part has no headers");
			}
			if (size >= 4 && this.lastFour == 0x0d0a0d0a) {
				startPart(new String(this.headers.toByteArray(), 0, size - 4, StandardCharsets.ISO_8859_1));
				return;
			}
		}
	}

	private void startPart(String block) throws MalformedUploadException {
		int dispositions = 0;
		String disposition = "";
		for (String line : block.split("\r\n", -1)) {
			int colon = line.indexOf(':');
			if (colon <= 0 || Character.isWhitespace(line.charAt(0)) || line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
				throw new MalformedUploadException("a part header line is malformed");
			}
			String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
			String value = line.substring(colon + 1).strip();
			String lower = value.toLowerCase(Locale.ROOT);
			switch (name) {
				case "content-disposition" -> {
					dispositions++;
					disposition = value;
				}
				case "content-type" -> {
					if (lower.startsWith("multipart/")) {
						throw new MalformedUploadException("nested multipart is not accepted for firmware");
					}
				}
				case "content-transfer-encoding" -> {
					if (!(lower.equals("binary") || lower.equals("8bit") || lower.equals("7bit"))) {
						throw new MalformedUploadException("a part is encoded (" + value + "): only the identity encodings are accepted");
					}
				}
				default -> {
				}
			}
		}
		if (dispositions != 1) {
			throw new MalformedUploadException("a part needs exactly one Content-Disposition, it has " + dispositions);
		}
		Optional<List<String>> names = FormFieldNames.of("multipart/form-data; boundary=kg",
				("--kg\r\n" + block + "\r\n\r\n--kg--").getBytes(StandardCharsets.ISO_8859_1));
		names.ifPresent(this.fieldNames::addAll);
		this.partIsFile = FILENAME.matcher(disposition).find();
		this.part = Sha256.newDigest();
		this.partSize = 0;
		this.state = State.CONTENT;
	}

	private void endPart() {
		FirmwareHash hash = FirmwareHash.of(this.part.digest());
		if (this.partIsFile || this.partSize > FIELD_LIMIT) {
			this.images.add(hash);
		}
	}

	@Override
	public List<FirmwareHash> finish() throws MalformedUploadException {
		if (this.state != State.EPILOGUE) {
			throw new MalformedUploadException("the multipart body ended before its closing delimiter");
		}
		if (this.images.isEmpty()) {
			throw new MalformedUploadException("the multipart upload carries no image (no file part)");
		}
		return List.copyOf(this.images);
	}

	@Override
	public List<String> fieldNames() {
		return List.copyOf(this.fieldNames);
	}

}
