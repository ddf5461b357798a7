package io.keygate.gateway.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.keygate.gateway.testsupport.HashingUpstream;
import io.keygate.policy.firmware.FirmwareHash;

/**
 * The streaming multipart reader against bodies cut at every possible place: the image's hash must
 * not depend on where the network split the body, in particular not inside a delimiter.
 */
class MultipartImageDigestsTest {

	private static List<FirmwareHash> read(byte[] body, String boundary, Random cuts) throws Exception {
		MultipartImageDigests digests = MultipartImageDigests.of("multipart/form-data; boundary=" + boundary).orElseThrow();
		int at = 0;
		while (at < body.length) {
			int length = Math.min(body.length - at, 1 + cuts.nextInt(40));
			digests.update(ByteBuffer.wrap(body, at, length).slice());
			at += length;
		}
		return digests.finish();
	}

	@Test
	void finishWhenImageContainsDelimiterPrefixesThenHashIsTheFilePartContentWhateverTheCuts() throws Exception {
		// Content that keeps almost matching the delimiter: CR, CRLF, CRLF--, CRLF--b0und...
		byte[] image = "\r\r\n-\r\n--\r\n--b0\r\n--b0und\r\n--b0undarX\rend".getBytes(StandardCharsets.ISO_8859_1);
		byte[] body = FirmwareGateTest.multipart("b0undary", image);
		Random seeds = new Random(42);
		for (int trial = 0; trial < 500; trial++) {
			assertThat(read(body, "b0undary", new Random(seeds.nextLong())))
				.containsExactly(new FirmwareHash(HashingUpstream.sha256Hex(image)));
		}
	}

	@Test
	void finishWhenPreambleBeforeFirstDelimiterThenIgnored() throws Exception {
		byte[] image = "image".getBytes(StandardCharsets.ISO_8859_1);
		byte[] body = FirmwareGateTest.multipart("bb", image);
		byte[] withPreamble = new byte[body.length + 9];
		System.arraycopy("preamble\n".getBytes(StandardCharsets.ISO_8859_1), 0, withPreamble, 0, 9);
		System.arraycopy(body, 0, withPreamble, 9, body.length);

		assertThat(read(withPreamble, "bb", new Random(1))).containsExactly(new FirmwareHash(HashingUpstream.sha256Hex(image)));
	}

	@Test
	void finishWhenNoFilePartThenMalformed() {
		byte[] body = "--bb\r\nContent-Disposition: form-data; name=\"version\"\r\n\r\n1.0\r\n--bb--\r\n"
			.getBytes(StandardCharsets.ISO_8859_1);

		assertThatThrownBy(() -> read(body, "bb", new Random(1))).isInstanceOf(ImageDigests.MalformedUploadException.class)
			.hasMessageContaining("no image");
	}

	@Test
	void updateWhenPartHasTwoDispositionsOrNestedMultipartOrEncodingThenMalformed() {
		for (String headers : List.of("Content-Disposition: form-data; name=\"a\"\r\nContent-Disposition: form-data; name=\"b\"",
				"Content-Disposition: form-data; name=\"a\"; filename=\"x\"\r\nContent-Type: multipart/mixed; boundary=z",
				"Content-Disposition: form-data; name=\"a\"; filename=\"x\"\r\nContent-Transfer-Encoding: base64",
				"Content-Disposition: form-data; name=\"a\";\r\n filename=\"folded\"")) {
			byte[] body = ("--bb\r\n" + headers + "\r\n\r\ndata\r\n--bb--\r\n").getBytes(StandardCharsets.ISO_8859_1);
			assertThatThrownBy(() -> read(body, "bb", new Random(1))).as(headers)
				.isInstanceOf(ImageDigests.MalformedUploadException.class);
		}
	}

	@Test
	void ofWhenBoundaryMissingDuplicatedOrInvalidThenEmpty() {
		assertThat(MultipartImageDigests.of("multipart/form-data")).isEmpty();
		assertThat(MultipartImageDigests.of("multipart/form-data; boundary=a; boundary=b")).isEmpty();
		assertThat(MultipartImageDigests.of("multipart/form-data; boundary=\"" + "x".repeat(71) + "\"")).isEmpty();
		assertThat(MultipartImageDigests.of("multipart/form-data; boundary=\"a\r\nb\"")).isEmpty();
		assertThat(MultipartImageDigests.of("multipart/form-data; boundary=ok")).isPresent();
	}

}
