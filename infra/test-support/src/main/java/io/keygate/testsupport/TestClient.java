package io.keygate.testsupport;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A browser stand-in over real HTTP: keeps cookies (session {@code KEYGATE_AUTH_SESSION}, CSRF
 * {@code KEYGATE_AUTH_XSRF}) and sends the CSRF header the way Keygate's page scripts do. Does not
 * follow redirects, so tests see them.
 */
public final class TestClient {

	public static final JsonMapper JSON = JsonMapper.builder().build();

	/** The CSRF cookie the pages' scripts read (and the gateway strips, by its KEYGATE prefix). */
	public static final String CSRF_COOKIE = "KEYGATE_AUTH_XSRF";

	private final String baseUrl;

	private final CookieManager cookies;

	private final HttpClient http;

	public TestClient(int port) {
		this(port, new CookieManager(null, CookiePolicy.ACCEPT_ALL));
	}

	private TestClient(int port, CookieManager cookies) {
		this.baseUrl = "http://localhost:" + port;
		this.cookies = cookies;
		this.http = HttpClient.newBuilder()
			.cookieHandler(this.cookies)
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
	}

	/** A response with its body read as text. */
	public record Response(int status, String body, Map<String, java.util.List<String>> headers) {

		public JsonNode json() {
			return JSON.readTree(this.body);
		}

		public String header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter(entry -> entry.getKey().equalsIgnoreCase(name))
				.map(entry -> entry.getValue().get(0))
				.findFirst()
				.orElse(null);
		}

		/** The OAuth 2 error code (RFC 6749 §5.2) of a token endpoint's error: Spring Authorization Server's shape, not ours. */
		public String oauthError() {
			return json().get("error").asString();
		}

		/** The person's sentence of a refusal: the problem document's (RFC 9457) {@code detail}. */
		public String detail() {
			assertProblem();
			return json().get("detail").asString();
		}

		/** The refusal's code: the problem document's {@code code} property. */
		public String code() {
			assertProblem();
			return json().get("code").asString();
		}

		private void assertProblem() {
			String type = header("Content-Type");
			if (type == null || !type.startsWith("application/problem+json")) {
				throw new AssertionError("not a problem document (Content-Type " + type + "): " + this);
			}
		}

	}

	/**
	 * The same browser (the same cookies) talking to another server on {@code port}: another
	 * replica behind the load balancer of a deployment without sticky sessions.
	 */
	public TestClient at(int port) {
		return new TestClient(port, this.cookies);
	}

	public String baseUrl() {
		return this.baseUrl;
	}

	public Response get(String path) {
		return send(HttpRequest.newBuilder(uri(path)).header("Accept", "text/html,application/json").GET().build());
	}

	public Response getJson(String path) {
		return send(HttpRequest.newBuilder(uri(path)).header("Accept", "application/json").GET().build());
	}

	public Response post(String path, Object body) {
		String text = body instanceof String string ? string : JSON.writeValueAsString(body);
		return postRaw(path, text, "application/json");
	}

	public Response postRaw(String path, String body, String contentType) {
		ensureCsrfCookie();
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.header("Content-Type", contentType)
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body));
		String csrf = csrf();
		if (csrf != null) {
			request.header("X-XSRF-TOKEN", csrf);
		}
		return send(request.build());
	}

	public Response delete(String path) {
		ensureCsrfCookie();
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Accept", "application/json").DELETE();
		String csrf = csrf();
		if (csrf != null) {
			request.header("X-XSRF-TOKEN", csrf);
		}
		return send(request.build());
	}

	public Response postForm(String path, String form, String authorization) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(form));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return send(request.build());
	}

	private void ensureCsrfCookie() {
		if (csrf() == null) {
			get("/login");
		}
	}

	public String csrf() {
		for (HttpCookie cookie : this.cookies.getCookieStore().getCookies()) {
			if (cookie.getName().equals(CSRF_COOKIE)) {
				return cookie.getValue();
			}
		}
		return null;
	}

	/**
	 * Opens a WebSocket as this browser would from a page of the server it connects to: the handshake
	 * goes through this client, so it carries this browser's cookies, and its {@code Origin} is that
	 * server's (the gateway refuses handshakes from no or another origin).
	 */
	public java.net.http.WebSocket openWebSocket(String url, java.net.http.WebSocket.Listener listener) {
		URI page = URI.create(url.replaceFirst("^ws", "http"));
		return this.http.newWebSocketBuilder()
			.header("Origin", page.getScheme() + "://" + page.getRawAuthority())
			.buildAsync(URI.create(url.replaceFirst("^http", "ws")), listener)
			.join();
	}

	public URI uri(String path) {
		return URI.create(path.startsWith("http") ? path : this.baseUrl + path);
	}

	public Response send(HttpRequest request) {
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.body(), response.headers().map());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** A GET whose body is binary (a download); the status and the bytes. */
	public HttpResponse<byte[]> download(String path) {
		try {
			return this.http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
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
