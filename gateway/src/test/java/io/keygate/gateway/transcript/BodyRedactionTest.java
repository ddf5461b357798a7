package io.keygate.gateway.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What redaction keeps and what it never keeps, for JSON and form bodies, whole or cut at the cap. */
class BodyRedactionTest {

	private final BodyRedaction redaction = new BodyRedaction(List.of("password", "token", "pin"));

	private String redact(String contentType, String body) {
		return new String(this.redaction.redact(contentType, body.getBytes(StandardCharsets.UTF_8)).orElseThrow(),
				StandardCharsets.UTF_8);
	}

	@Test
	void jsonWhenSecretsNestedInObjectsArraysAndAsStructuresThenEveryOneRedactedAndTheRestKept() {
		String body = "{\"meters\":[{\"id\":1,\"Token\":\"t1\"},{\"id\":2,\"token\":\"t2\"}],\"password\":{\"old\":\"a\",\"new\":\"b\"},"
				+ "\"pin\":[1,2,3],\"note\":\"password\"}";

		assertThat(redact("application/json; charset=utf-8", body))
			.isEqualTo("{\"meters\":[{\"id\":1,\"Token\":\"[REDACTED]\"},{\"id\":2,\"token\":\"[REDACTED]\"}],"
					+ "\"password\":\"[REDACTED]\",\"pin\":\"[REDACTED]\",\"note\":\"password\"}");
	}

	@Test
	void jsonWhenKeyIsEscapedThenStillRecognised() {
		assertThat(redact("application/vnd.api+json", "{\"p\\u0061ssword\":\"x\"}")).doesNotContain("\"x\"").contains("[REDACTED]");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"id\":1,\"password\":\"hun", "{\"id\":1,\"password\":", "{\"id\":1,\"passw",
			"{\"id\":1,\"password\":{\"a\":\"hunter" })
	void jsonWhenCutInsideOrBeforeASecretThenNothingOfItKept(String cut) {
		String redacted = redact("application/json", cut);

		assertThat(redacted).startsWith("{\"id\":1").doesNotContain("hun");
	}

	@Test
	void formWhenNamesNestedEncodedOrInAnotherCaseThenRedacted() {
		assertThat(redact("application/x-www-form-urlencoded",
				"user%5Bpassword%5D=a&account.token=b&PIN=1234&pass%77ord=c&name=vic&password"))
			.isEqualTo("user%5Bpassword%5D=[REDACTED]&account.token=[REDACTED]&PIN=[REDACTED]&pass%77ord=[REDACTED]"
					+ "&name=vic&password=[REDACTED]");
	}

	@Test
	void formWhenNameCannotBeDecodedThenRedactedRatherThanGuessed() {
		assertThat(redact("application/x-www-form-urlencoded", "pass%zzword=secret&a=1"))
			.isEqualTo("pass%zzword=[REDACTED]&a=1");
	}

	@ParameterizedTest
	@ValueSource(strings = { "text/plain", "multipart/form-data; boundary=x", "application/octet-stream", "" })
	void otherContentTypesWhenAskedThenNotKeptAtAll(String contentType) {
		assertThat(this.redaction.redact(contentType, "password=x".getBytes(StandardCharsets.UTF_8))).isEmpty();
		assertThat(BodyRedaction.redactable(contentType)).isFalse();
	}

}
