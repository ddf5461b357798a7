package io.keygate.gateway.forwarding;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SetCookiePathFilterTest {

	@Test
	void rewriteWhenRootPathThenScopedToTargetPrefix() {
		assertThat(SetCookiePathFilter.rewrite("sid=1; Path=/; HttpOnly; Secure", "/t/head-end"))
			.isEqualTo("sid=1; Path=/t/head-end/; HttpOnly; Secure");
	}

	@Test
	void rewriteWhenSubPathThenPrefixed() {
		assertThat(SetCookiePathFilter.rewrite("sid=1; path=/app", "/t/mdm")).isEqualTo("sid=1; Path=/t/mdm/app");
	}

	@Test
	void rewriteWhenNoPathThenTargetRoot() {
		assertThat(SetCookiePathFilter.rewrite("sid=1", "/t/mdm")).isEqualTo("sid=1; Path=/t/mdm/");
	}

	@Test
	void rewriteWhenDomainSetThenDroppedSoCookieIsHostOnly() {
		assertThat(SetCookiePathFilter.rewrite("sid=1; Domain=.utility.example; Path=/", "/t/mdm"))
			.isEqualTo("sid=1; Path=/t/mdm/");
	}

	@Test
	void rewriteWhenPathTriesToEscapeThenTargetRoot() {
		assertThat(SetCookiePathFilter.rewrite("sid=1; Path=/../../", "/t/mdm")).isEqualTo("sid=1; Path=/t/mdm/");
		assertThat(SetCookiePathFilter.rewrite("sid=1; Path=relative", "/t/mdm")).isEqualTo("sid=1; Path=/t/mdm/");
	}

}
