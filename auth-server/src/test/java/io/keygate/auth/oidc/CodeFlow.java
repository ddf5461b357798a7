package io.keygate.auth.oidc;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import io.keygate.testsupport.TestClient;
import io.keygate.testsupport.VirtualKey;

/** The gateway's side of authorization code + PKCE, as the tests play it. */
public final class CodeFlow {

	public static final String CLIENT_ID = "keygate-gateway";

	public static final String CLIENT_SECRET = "test-gateway-secret";

	public static final String REDIRECT_URI = "http://localhost:8080/login/oauth2/code/keygate";

	private static final SecureRandom RANDOM = new SecureRandom();

	private CodeFlow() {
	}

	/** A fresh PKCE code verifier (43 characters of base64url). */
	public static String verifier() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return VirtualKey.b64(bytes);
	}

	public static String pkceChallenge(String verifier) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static String query(Map<String, String> parameters) {
		return parameters.entrySet()
			.stream()
			.map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
	}

	/** The authorization request's parameters; no PKCE challenge when {@code codeChallenge} is null. */
	public static Map<String, String> authorizeParameters(String codeChallenge) {
		Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put("response_type", "code");
		parameters.put("client_id", CLIENT_ID);
		parameters.put("scope", "openid profile");
		parameters.put("state", "state-123");
		parameters.put("nonce", "nonce-456");
		parameters.put("redirect_uri", REDIRECT_URI);
		if (codeChallenge != null) {
			parameters.put("code_challenge", codeChallenge);
			parameters.put("code_challenge_method", "S256");
		}
		return parameters;
	}

	/** The query parameters of a redirect's {@code Location}. */
	public static Map<String, String> parameters(String location) {
		String query = location.substring(location.indexOf('?') + 1);
		Map<String, String> parameters = new LinkedHashMap<>();
		for (String pair : query.split("&")) {
			String[] parts = pair.split("=", 2);
			parameters.put(parts[0], URLDecoder.decode(parts.length > 1 ? parts[1] : "", StandardCharsets.UTF_8));
		}
		return parameters;
	}

	/** The browser's trip to the authorize endpoint: the redirect back to the gateway, unfollowed. */
	public static TestClient.Response authorize(TestClient browser, String verifier) {
		return browser.get("/oauth2/authorize?" + query(authorizeParameters(pkceChallenge(verifier))));
	}

	/** The gateway's back-channel call: the code and the verifier for tokens, with the client's secret. */
	public static TestClient.Response redeem(TestClient gateway, String code, String verifier) {
		return gateway.postForm("/oauth2/token",
				query(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT_URI, "code_verifier",
						verifier)),
				basic());
	}

	/** The gateway refreshing its tokens. */
	public static TestClient.Response refresh(TestClient gateway, String refreshToken) {
		return gateway.postForm("/oauth2/token", query(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken)),
				basic());
	}

	private static String basic() {
		return "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
	}

}
