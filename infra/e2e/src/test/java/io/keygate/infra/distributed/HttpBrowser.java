package io.keygate.infra.distributed;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Collectors;

import javax.net.ssl.SSLContext;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One browser profile: one cookie jar for the auth server and a gateway, the CSRF header the
 * portal's scripts send, redirects never followed so each hop of a sign-in is seen. HTTP/1.1 only,
 * as a browser speaks to a plain-http origin (no h2c upgrade); over HTTPS it trusts only the CA it
 * is given and verifies host names.
 * <p>
 * Cookies ignore ports, so the auth server's and a gateway's cookies share this jar exactly as they
 * would in a browser on {@code localhost}; two gateways share their session cookie's name, so a
 * browser's session on one gateway is used on the other too (they share it in Redis), and a test that
 * wants a session per gateway gives each gateway a browser of its own.
 */
final class HttpBrowser {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final String authUrl;

	private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

	private final HttpClient http;

	private final SSLContext tls;

	HttpBrowser(String authUrl) {
		this(authUrl, null);
	}

	/** {@code tls}: what this browser trusts for {@code https} URLs (null: the JVM's trust store). */
	HttpBrowser(String authUrl, SSLContext tls) {
		this.authUrl = authUrl;
		this.tls = tls;
		HttpClient.Builder http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.cookieHandler(this.cookies)
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5));
		if (tls != null) {
			http.sslContext(tls);
		}
		this.http = http.build();
	}

	/** What this browser trusts for {@code https} (null: the JVM's trust store), for a WebSocket it opens. */
	SSLContext tls() {
		return this.tls;
	}

	/** A response with its body read as text. */
	record Response(int status, String body, java.net.http.HttpHeaders headers) {

		JsonNode json() {
			return JSON.readTree(this.body);
		}

		String location() {
			return this.headers.firstValue("Location").orElse(null);
		}

		@Override
		public String toString() {
			return this.status + " " + (this.location() == null ? "" : "-> " + location() + " ")
					+ this.body.substring(0, Math.min(this.body.length(), 500));
		}

	}

	/** A page load: what a browser's address bar does. */
	Response page(String url) {
		return send(HttpRequest.newBuilder(uri(url)).header("Accept", "text/html,application/xhtml+xml").GET());
	}

	/** A script's fetch of JSON. */
	Response getJson(String url) {
		return send(HttpRequest.newBuilder(uri(url)).header("Accept", "application/json").GET());
	}

	/** A script's JSON POST to the auth server, with the CSRF token from its cookie. */
	Response postJson(String path, String body) {
		if (csrf() == null) {
			// The auth server hands the token out in the (__Host-)KEYGATE_AUTH_XSRF cookie of any page.
			page("/login");
		}
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		String csrf = csrf();
		if (csrf != null) {
			request.header("X-XSRF-TOKEN", csrf);
		}
		return send(request);
	}

	Response postJson(String path, Object body) {
		return postJson(path, JSON.writeValueAsString(body));
	}

	/** The {@code Cookie} header this browser sends to {@code url}. */
	String cookieHeader(String url) {
		return this.cookies.getCookieStore()
			.get(uri(url))
			.stream()
			.map(cookie -> cookie.getName() + "=" + cookie.getValue())
			.collect(Collectors.joining("; "));
	}

	private String csrf() {
		for (HttpCookie cookie : this.cookies.getCookieStore().getCookies()) {
			// "__Host-KEYGATE_AUTH_XSRF" when the auth server's cookies are Secure (behind TLS).
			if (cookie.getName().equals("KEYGATE_AUTH_XSRF") || cookie.getName().equals("__Host-KEYGATE_AUTH_XSRF")) {
				return cookie.getValue();
			}
		}
		return null;
	}

	/** Absolute URLs as they are, paths on the auth server. */
	URI uri(String url) {
		return URI.create(url.startsWith("http") ? url : this.authUrl + url);
	}

	private Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.body(), response.headers());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
