package io.keygate.auth.webauthn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.keygate.auth.enrollment.InvitationService;
import io.keygate.auth.testsupport.KeygateHttpTest;
import io.keygate.testsupport.TestClient;
import io.keygate.testsupport.VirtualKey;
import io.keygate.policy.identity.Role;

/** A corpus of broken bodies against every ceremony endpoint: never a 500, never a stack trace. */
class MalformedBodyTest extends KeygateHttpTest {

	private static String b64(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static String randomB64(int length, long seed) {
		byte[] bytes = new byte[length];
		new Random(seed).nextBytes(bytes);
		return b64(bytes);
	}

	/** Broken JSON, wrong types, broken base64, broken CBOR, huge fields, deep nesting. */
	static List<String> credentialCorpus() {
		List<String> corpus = new ArrayList<>();
		corpus.add("");
		corpus.add("{");
		corpus.add("null");
		corpus.add("[]");
		corpus.add("42");
		corpus.add("\"public-key\"");
		corpus.add("{}");
		corpus.add("{\"type\":\"public-key\"}");
		corpus.add("{\"type\":\"secret-key\",\"id\":\"AAAA\",\"response\":{}}");
		corpus.add("{\"type\":\"public-key\",\"id\":123,\"response\":{}}");
		corpus.add("{\"type\":\"public-key\",\"id\":\"AAAA\",\"response\":\"not-an-object\"}");
		corpus.add("{\"type\":\"public-key\",\"id\":\"!!!*\",\"response\":{\"clientDataJSON\":\"%%%\"}}");
		corpus.add("{\"type\":\"public-key\",\"id\":\"AAAA\",\"response\":{\"clientDataJSON\":[1,2],\"attestationObject\":{}}}");
		String clientData = b64("{\"type\":\"webauthn.create\",\"challenge\":\"AAAA\",\"origin\":\"http://localhost\"}".getBytes());
		for (long seed = 0; seed < 4; seed++) {
			corpus.add("{\"type\":\"public-key\",\"id\":\"AAAA\",\"rawId\":\"AAAA\",\"response\":{\"clientDataJSON\":\"" + clientData
					+ "\",\"attestationObject\":\"" + randomB64(64 + (int) seed * 100, seed) + "\",\"authenticatorData\":\""
					+ randomB64(37 + (int) seed, seed + 10) + "\",\"signature\":\"" + randomB64(70, seed) + "\",\"userHandle\":\""
					+ randomB64(32, seed) + "\"}}");
		}
		corpus.add("{\"type\":\"public-key\",\"id\":\"AAAA\",\"response\":{\"clientDataJSON\":\"" + randomB64(30, 7)
				+ "\",\"attestationObject\":\"oA\",\"authenticatorData\":\"oA\",\"signature\":\"AA\"}}");
		corpus.add("{\"type\":\"public-key\",\"id\":\"" + "A".repeat(200_000) + "\",\"response\":{}}");
		corpus.add("[".repeat(5_000) + "]".repeat(5_000));
		corpus.add("{\"type\":\"public-key\",\"id\":\"AAAA\",\"response\":{\"transports\":[" + "\"usb\",".repeat(50) + "\"nfc\"]}}");
		corpus.add("{\"type\":\"public-key\",\"id\":\"" + b64(new byte[2000]) + "\",\"response\":{}}");
		return corpus;
	}

	private static void assertNeverServerError(String endpoint, String body, TestClient.Response response) {
		assertThat(response.status()).as("%s with body %.80s answered %s", endpoint, body, response.body())
			.isBetween(400, 499);
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("io.keygate");
	}

	@Test
	void signInWhenBodyIsMalformedThenClientErrorAndNoStackTrace() {
		for (String body : credentialCorpus()) {
			TestClient client = client();
			client.post("/webauthn/authenticate/options", "{}");
			assertNeverServerError("/login/webauthn", body, client.post("/login/webauthn", body));
		}
	}

	@Test
	void enrollmentWhenCredentialIsMalformedThenClientErrorAndNothingStored() {
		long keysBefore = this.credentials.count();
		int index = 0;
		for (String credential : credentialCorpus()) {
			TestClient client = client();
			InvitationService.Issued issued = invite("corpus" + index++ + "@vendor.example", Role.VENDOR_ENGINEER);
			assertThat(client.post("/enroll/options", Map.of("token", issued.token())).status()).isEqualTo(200);
			String body = "{\"token\":\"" + issued.token() + "\",\"credential\":" + (credential.isBlank() ? "\"\"" : credential) + "}";
			assertNeverServerError("/enroll/finish", body, client.post("/enroll/finish", body));
			assertNeverServerError("/enroll/finish", credential, client.post("/enroll/finish", credential));
		}
		assertThat(this.credentials.count()).isEqualTo(keysBefore);
	}

	@Test
	void enrollmentOptionsWhenBodyIsMalformedThenClientError() {
		List<String> bodies = List.of("", "{", "[]", "{\"token\":42}", "{\"token\":null}", "{\"token\":\"" + "x".repeat(100_000) + "\"}",
				"{\"token\":\"short\"}", "<xml/>");
		for (String body : bodies) {
			assertNeverServerError("/enroll/options", body, client().post("/enroll/options", body));
		}
		assertNeverServerError("/enroll/options", "<xml/>", client().postRaw("/enroll/options", "<xml/>", "application/xml"));
	}

	@Test
	void addKeyWhenBodyIsMalformedThenClientErrorAndNothingStored() {
		VirtualKey key = VirtualKey.packed();
		TestClient client = enroll(key, "corpus-keys@vendor.example", Role.VENDOR_ENGINEER);
		for (String credential : credentialCorpus()) {
			client.post("/account/keys/options", "{}");
			String body = "{\"assertion\":" + (credential.isBlank() || !credential.startsWith("{") ? "{}" : credential)
					+ ",\"credential\":" + (credential.isBlank() || !credential.startsWith("{") ? "{}" : credential) + "}";
			assertNeverServerError("/account/keys", body, client.post("/account/keys", body));
			assertNeverServerError("/account/keys", credential, client.post("/account/keys", credential));
		}
		assertThat(this.credentials.findBySubject("corpus-keys@vendor.example")).hasSize(1);
	}

	@Test
	void postWhenCsrfTokenMissingThenForbidden() {
		TestClient client = client();
		TestClient.Response response = client.send(java.net.http.HttpRequest.newBuilder(client.uri("/webauthn/authenticate/options"))
			.header("Content-Type", "application/json")
			.POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
			.build());

		assertThat(response.status()).isEqualTo(403);
	}

}
