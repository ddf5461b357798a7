package io.keygate.auth.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.keygate.auth.testsupport.KeygateHttpTest;
import io.keygate.testsupport.TestClient;
import io.keygate.testsupport.VirtualKey;
import io.keygate.policy.identity.Role;

/**
 * The auth server's cookies carry Keygate names (a gateway on the same host name strips cookies
 * named KEYGATE* before forwarding), are SameSite=Lax, HttpOnly where no script reads them, and
 * not Secure in the plain-HTTP test setup (see {@link SecureKeygateCookiesTest}).
 */
class KeygateCookiesTest extends KeygateHttpTest {

	/** The Set-Cookie headers of a response, e.g. {@code KEYGATE_AUTH_XSRF=...; Path=/; SameSite=Lax}. */
	static List<String> setCookies(TestClient.Response response) {
		List<String> cookies = new ArrayList<>();
		for (Map.Entry<String, List<String>> header : response.headers().entrySet()) {
			if (header.getKey().equalsIgnoreCase("Set-Cookie")) {
				cookies.addAll(header.getValue());
			}
		}
		return cookies;
	}

	static String cookie(List<String> setCookies, String name) {
		return setCookies.stream()
			.filter(cookie -> cookie.startsWith(name + "="))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + name + " cookie in " + setCookies));
	}

	static List<String> attributes(String setCookie) {
		List<String> attributes = new ArrayList<>();
		String[] parts = setCookie.split(";");
		for (int i = 1; i < parts.length; i++) {
			attributes.add(parts[i].trim().toLowerCase(java.util.Locale.ROOT));
		}
		return attributes;
	}

	@Test
	void loginPageWhenFetchedThenCsrfCookieIsKeygateAuthXsrfReadableByScriptsAndSameSiteLax() {
		List<String> cookies = setCookies(client().get("/login"));

		List<String> csrf = attributes(cookie(cookies, "KEYGATE_AUTH_XSRF"));
		assertThat(csrf).contains("samesite=lax", "path=/").doesNotContain("httponly", "secure");
		assertThat(cookies).noneMatch(cookie -> cookie.startsWith("XSRF-TOKEN=") || cookie.startsWith("JSESSIONID="));
	}

	@Test
	void signInCeremonyWhenStartedThenSessionCookieIsKeygateAuthSessionHttpOnlyAndSameSiteLax() {
		TestClient browser = client();
		browser.get("/login");

		List<String> cookies = setCookies(browser.post("/webauthn/authenticate/options", "{}"));

		List<String> session = attributes(cookie(cookies, "KEYGATE_AUTH_SESSION"));
		assertThat(session).contains("httponly", "samesite=lax").doesNotContain("secure");
		assertThat(cookies).noneMatch(cookie -> cookie.startsWith("JSESSIONID="));
	}

	@Test
	void signInWhenCompletedThenNewSessionAndCsrfCookiesUnderKeygateNamesCarryTheSignedInBrowser() {
		VirtualKey key = VirtualKey.packed();
		enroll(key, "cookies@itron.example", Role.VENDOR_ENGINEER);
		TestClient browser = client();
		browser.get("/login");
		String csrfBefore = browser.csrf();
		tools.jackson.databind.JsonNode options = browser.post("/webauthn/authenticate/options", "{}").json();

		TestClient.Response signIn = browser.post("/login/webauthn", key.get(options));

		assertThat(signIn.status()).as(signIn.body()).isEqualTo(200);
		List<String> cookies = setCookies(signIn);
		assertThat(attributes(cookie(cookies, "KEYGATE_AUTH_SESSION"))).contains("httponly", "samesite=lax");
		// The token seen before sign-in is dropped; the next page hands out a new one.
		assertThat(cookie(cookies, "KEYGATE_AUTH_XSRF")).startsWith("KEYGATE_AUTH_XSRF=;");
		assertThat(browser.get("/account").status()).isEqualTo(200);
		assertThat(browser.csrf()).isNotNull().isNotEqualTo(csrfBefore);
	}

}
