package io.keygate.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class TargetPathTest {

	@Test
	void parseWhenTargetAndRestThenSplitRaw() {
		assertThat(TargetPath.parse("/t/head-end/api/%2e%2e/x")).contains(new TargetPath("head-end", "/api/%2e%2e/x"));
	}

	@Test
	void parseWhenOnlyTargetThenRestIsRoot() {
		assertThat(TargetPath.parse("/t/head-end")).contains(new TargetPath("head-end", "/"));
	}

	@Test
	void parseWhenNotUnderPrefixThenEmpty() {
		assertThat(TargetPath.parse("/login")).isEmpty();
		assertThat(TargetPath.parse(null)).isEmpty();
	}

	@Test
	void addressesWhenOtherTargetSharesPrefixThenFalse() {
		assertThat(TargetPath.addresses("/t/head-end-2/x", "head-end")).isFalse();
		assertThat(TargetPath.addresses("/t/head-end/x", "head-end")).isTrue();
		assertThat(TargetPath.addresses("/t/head-end", "head-end")).isTrue();
	}

	@Property
	void parseWhenUnderPrefixThenRestStartsWithSlashAndRejoinsToInput(@ForAll String tail) {
		String raw = "/t/" + tail;
		TargetPath parsed = TargetPath.parse(raw).orElseThrow();
		assertThat(parsed.rawRest()).startsWith("/");
		assertThat(parsed.targetId()).doesNotContain("/");
		String rejoined = "/t/" + parsed.targetId() + (tail.contains("/") ? parsed.rawRest() : "");
		assertThat(rejoined).isEqualTo(raw);
	}

}
