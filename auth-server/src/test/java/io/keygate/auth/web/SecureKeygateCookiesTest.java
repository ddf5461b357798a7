package io.keygate.auth.web;

import static io.keygate.auth.web.KeygateCookiesTest.attributes;
import static io.keygate.auth.web.KeygateCookiesTest.cookie;
import static io.keygate.auth.web.KeygateCookiesTest.setCookies;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;

import io.keygate.auth.testsupport.KeygateHttpTest;
import io.keygate.testsupport.TestClient;

/**
 * With {@code server.servlet.session.cookie.secure=true} (the distributed deployment, behind HTTPS)
 * both cookies are Secure, even though this test's requests arrive over plain HTTP (as they do
 * behind a TLS-terminating proxy), and {@code __Host-} prefixed with {@code Path=/} and no Domain,
 * so that a sibling subdomain cannot plant either of them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "server.servlet.session.cookie.secure=true")
class SecureKeygateCookiesTest extends KeygateHttpTest {

	@Test
	void cookiesWhenConfiguredSecureThenSessionAndCsrfCookiesAreSecureAndHostPrefixed() {
		List<String> first = setCookies(client().get("/login"));
		assertThat(first).noneMatch(cookie -> cookie.startsWith("KEYGATE_AUTH_XSRF="));
		String csrf = cookie(first, "__Host-KEYGATE_AUTH_XSRF");
		String token = csrf.split(";")[0].split("=", 2)[1];

		// A client keeps Secure cookies off plain HTTP, so the CSRF cookie and header go by hand here.
		TestClient browser = client();
		TestClient.Response options = browser.send(HttpRequest.newBuilder(browser.uri("/webauthn/authenticate/options"))
			.header("Content-Type", "application/json")
			.header("Cookie", "__Host-KEYGATE_AUTH_XSRF=" + token)
			.header("X-XSRF-TOKEN", token)
			.POST(HttpRequest.BodyPublishers.ofString("{}"))
			.build());

		assertThat(options.status()).as(options.body()).isEqualTo(200);
		assertThat(attributes(csrf)).contains("secure", "samesite=lax", "path=/").doesNotContain("httponly")
			.noneMatch(attribute -> attribute.startsWith("domain="));
		assertThat(setCookies(options)).noneMatch(cookie -> cookie.startsWith("KEYGATE_AUTH_SESSION="));
		assertThat(attributes(cookie(setCookies(options), "__Host-KEYGATE_AUTH_SESSION"))).contains("secure", "httponly",
				"samesite=lax", "path=/").noneMatch(attribute -> attribute.startsWith("domain="));
	}

}
