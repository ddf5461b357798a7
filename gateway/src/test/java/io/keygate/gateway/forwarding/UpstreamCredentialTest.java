package io.keygate.gateway.forwarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpstreamCredentialTest {

	@Test
	void basicWhenInlineSecretThenAuthorizationBasic() {
		UpstreamCredential credential = new UpstreamCredential(UpstreamCredential.Kind.BASIC, "svc", null, "pw", null);
		assertThat(credential.headerName()).isEqualTo("Authorization");
		assertThat(credential.headerValue()).isEqualTo("Basic c3ZjOnB3");
	}

	@Test
	void bearerWhenSecretFileThenReadAndTrimmed(@TempDir Path dir) throws Exception {
		Path file = Files.writeString(dir.resolve("token"), "abc\n");
		UpstreamCredential credential = new UpstreamCredential(UpstreamCredential.Kind.BEARER, null, null, null, file);
		assertThat(credential.headerValue()).isEqualTo("Bearer abc");
	}

	@Test
	void headerWhenConfiguredThenNamedHeader() {
		UpstreamCredential credential = new UpstreamCredential(UpstreamCredential.Kind.HEADER, null, "X-Api-Key", "k", null);
		assertThat(credential.headerName()).isEqualTo("X-Api-Key");
		assertThat(credential.headerValue()).isEqualTo("k");
	}

	@Test
	void toStringWhenPrintedThenSecretHidden() {
		assertThat(new UpstreamCredential(UpstreamCredential.Kind.BASIC, "svc", null, "hunter2", null).toString())
			.doesNotContain("hunter2");
	}

	@Test
	void constructWhenBothSecretAndFileThenRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new UpstreamCredential(UpstreamCredential.Kind.BEARER, null, null, "x", Path.of("/f")));
	}

	@Test
	void constructWhenNoSecretThenRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new UpstreamCredential(UpstreamCredential.Kind.BEARER, null, null, null, null));
	}

	@Test
	void constructWhenBasicWithoutUsernameThenRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new UpstreamCredential(UpstreamCredential.Kind.BASIC, null, null, "pw", null));
	}

	@Test
	void constructWhenHeaderIsCookieOrInvalidThenRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new UpstreamCredential(UpstreamCredential.Kind.HEADER, null, "Cookie", "x", null));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new UpstreamCredential(UpstreamCredential.Kind.HEADER, null, "X-Bad\r\nInjected", "x", null));
	}

	@Test
	void headerValueWhenSecretHasControlCharactersThenRefused() {
		assertThatIllegalStateException().isThrownBy(
				() -> new UpstreamCredential(UpstreamCredential.Kind.BEARER, null, null, "a\r\nX-Injected: 1", null).headerValue());
	}

	@Test
	void headerValueWhenSecretFileMissingThenFails() {
		assertThat(org.assertj.core.api.Assertions.catchThrowable(
				() -> new UpstreamCredential(UpstreamCredential.Kind.BEARER, null, null, null, Path.of("/nonexistent/secret"))
					.headerValue()))
			.isInstanceOf(java.io.UncheckedIOException.class);
	}

}
