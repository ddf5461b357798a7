package io.keygate.policy.path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.keygate.policy.path.RequestPath.Normalised;
import io.keygate.policy.path.RequestPath.Rejected;

import static org.assertj.core.api.Assertions.assertThat;

class RequestPathTest {

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({
			"/, /",
			"/api/meters, /api/meters",
			"/api/meters/, /api/meters/",
			"/api/meters/%34%32, /api/meters/42",
			"/a%20b, /a b",
			"/api/meter-1_x~y.json, /api/meter-1_x~y.json",
			"/%41pi, /Api" })
	void normaliseWhenUnambiguousThenDecodes(String raw, String expected) {
		assertThat(RequestPath.normalise(raw)).isEqualTo(new Normalised(expected));
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = {
			// encoded separators and dots, in both cases
			"/api/%2f/x", "/api/%2F/x", "/api%5cadmin", "/api%5Cadmin", "/api/%2e%2e/admin", "/api/%2E./admin",
			"/api/.%2e/admin", "/api/%2e/x",
			// double encoding
			"/api/%252e%252e/admin", "/api/%252f", "/api/%25",
			// dot segments and empty segments
			"/..", "/api/../admin", "/api/./x", "/.", "//admin", "/api//x", "/api/x/..",
			// backslashes, matrix parameters, query and fragment markers
			"/api\\..\\admin", "/api\\x", "/api/x;jsessionid=1", "/api/..;/admin", "/api;/x", "/api?x", "/api#x",
			"/api/%3b/x", "/api/%3f", "/api/%23",
			// control characters, raw or encoded, and NUL
			"/api/%00", "/api/\u0000x", "/api/\tx", "/api/%0d%0aSet-Cookie:x", "/api/%7f", "/api/x\u007f",
			// not ASCII: raw, encoded, overlong UTF-8, look-alike solidus and dots
			"/api/caf\u00e9", "/api/%c3%a9", "/api/%c0%af", "/api/%e0%80%af", "/api\uff0fadmin", "/api/%ef%bc%8f",
			"/api/\u2025/admin", "/api/\u2215admin",
			// malformed escapes
			"/api/%", "/api/%4", "/api/%zz", "/api/%g0",
			// Windows trailing dots and spaces
			"/api/..%20/admin", "/api/admin.", "/api/x%20", "/api/...",
			// not a path
			"", "api/x", "*", "http://evil/x", " /api", "/api x" })
	void normaliseWhenAmbiguousThenRejects(String raw) {
		assertThat(RequestPath.normalise(raw)).isInstanceOf(Rejected.class);
	}

	@ParameterizedTest
	@ValueSource(ints = { RequestPath.MAX_LENGTH + 1, 100_000 })
	void normaliseWhenOverLongThenRejects(int length) {
		String raw = "/" + "a".repeat(length - 1);
		assertThat(RequestPath.normalise(raw)).isEqualTo(new Rejected("path longer than 2048 characters"));
	}

	@ParameterizedTest
	@ValueSource(ints = { RequestPath.MAX_LENGTH })
	void normaliseWhenAtMaximumLengthThenAccepts(int length) {
		assertThat(RequestPath.normalise("/" + "a".repeat(length - 1))).isInstanceOf(Normalised.class);
	}

	@ParameterizedTest
	@ValueSource(strings = { "" })
	void normaliseWhenNullThenRejects(String ignored) {
		assertThat(RequestPath.normalise(null)).isInstanceOf(Rejected.class);
	}

}
