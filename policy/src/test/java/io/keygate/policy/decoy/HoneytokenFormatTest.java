package io.keygate.policy.decoy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

class HoneytokenFormatTest {

	private final String token = HoneytokenFormat.generate();

	@Test
	void generateWhenCalledThenWellFormedAndDistinct() {
		assertThat(HoneytokenFormat.isToken(this.token)).isTrue();
		assertThat(HoneytokenFormat.generate()).isNotEqualTo(this.token);
		assertThat(HoneytokenFormat.hash(this.token)).hasSize(64).isNotEqualTo(this.token);
	}

	@Test
	void candidatesWhenTokenInBearerQueryOrJsonThenFound() {
		assertThat(HoneytokenFormat.candidates("Bearer " + this.token)).containsExactly(this.token);
		assertThat(HoneytokenFormat.candidates("a=1&api_key=" + this.token + "&b=2")).containsExactly(this.token);
		assertThat(HoneytokenFormat.candidates("{\"key\":\"" + this.token + "\"}")).containsExactly(this.token);
	}

	@Test
	void candidatesWhenTokenIsBasicPasswordOrUserThenFound() {
		String asPassword = "Basic " + Base64.getEncoder().encodeToString(("svc:" + this.token).getBytes(StandardCharsets.UTF_8));
		String asUser = "basic " + Base64.getEncoder().encodeToString((this.token + ":").getBytes(StandardCharsets.UTF_8));

		assertThat(HoneytokenFormat.candidates(asPassword)).containsExactly(this.token);
		assertThat(HoneytokenFormat.candidates(asUser)).containsExactly(this.token);
	}

	@Test
	void candidatesWhenOrdinaryOrTruncatedThenNone() {
		assertThat(HoneytokenFormat.candidates("Mozilla/5.0 (X11; Linux x86_64)")).isEmpty();
		assertThat(HoneytokenFormat.candidates("Basic not base64 !")).isEmpty();
		assertThat(HoneytokenFormat.candidates(this.token.substring(0, this.token.length() - 1))).isEmpty();
		assertThat(HoneytokenFormat.candidates("kgh_zz" + this.token.substring(6))).isEmpty();
		assertThat(HoneytokenFormat.candidates(null)).isEmpty();
	}

	@Test
	void firstPresentedWhenOnlyRemovedTokenPresentedThenNothing() {
		InMemoryHoneytokenRegistry registry = new InMemoryHoneytokenRegistry();
		registry.plant("ht-1", HoneytokenFormat.hash(this.token));

		assertThat(registry.firstPresented(List.of("x", "Bearer " + this.token))).contains("ht-1");

		registry.remove(HoneytokenFormat.hash(this.token));
		assertThat(registry.firstPresented(List.of("Bearer " + this.token))).isEmpty();
	}

}
