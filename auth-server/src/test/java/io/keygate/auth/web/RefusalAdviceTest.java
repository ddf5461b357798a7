package io.keygate.auth.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.keygate.auth.keys.KeyRefusal;
import io.keygate.auth.testsupport.KeygateHttpTest;
import io.keygate.testsupport.TestClient;
import io.keygate.testsupport.VirtualKey;
import io.keygate.policy.identity.Role;
import tools.jackson.databind.JsonNode;

/**
 * The one advice, through real HTTP: a refusal reaches a JSON client as an RFC 9457 problem
 * document and a browser as the refusal page; a bug is a 500 that tells the client nothing; input
 * Spring cannot read is a 400 INVALID_INPUT. The log detail never reaches the wire.
 */
@ExtendWith(OutputCaptureExtension.class)
class RefusalAdviceTest extends KeygateHttpTest {

	static final String LOG_DETAIL = "log-only detail 7f3a";

	static final String BUG = "internal state 9c1e (this is a bug)";

	/** Endpoints that fail on purpose, one of each kind of controller. */
	@TestConfiguration
	static class Failing {

		@Bean
		FailingApi failingApi() {
			return new FailingApi();
		}

		@Bean
		FailingPage failingPage() {
			return new FailingPage();
		}

	}

	@RestController
	static class FailingApi {

		@GetMapping("/test/advice/api/refused")
		Map<String, Object> refused() {
			throw new RefusedException(KeyRefusal.LAST_KEY, LOG_DETAIL);
		}

		@GetMapping("/test/advice/api/bug")
		Map<String, Object> bug() {
			throw new IllegalArgumentException(BUG);
		}

		@GetMapping("/test/advice/api/sign-in-required")
		Map<String, Object> signInRequired() {
			throw new InsufficientAuthenticationException("a hardware-key sign-in is required");
		}

		@GetMapping("/test/advice/api/denied")
		Map<String, Object> denied() {
			throw new AccessDeniedException("not for you");
		}

	}

	@Controller
	static class FailingPage {

		@GetMapping("/test/advice/page/refused")
		String refused() {
			throw RefusedException.withMessage(CommonRefusal.NOT_ALLOWED, "You may not open this page.", LOG_DETAIL);
		}

		@GetMapping("/test/advice/page/bug")
		String bug() {
			throw new IllegalArgumentException(BUG);
		}

	}

	private TestClient signedIn(String email) {
		return enroll(VirtualKey.packed(), email, Role.VENDOR_ENGINEER);
	}

	private static void assertProblem(TestClient.Response response, int status) {
		assertThat(response.status()).isEqualTo(status);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		JsonNode problem = response.json();
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.get("title").asString()).isNotBlank();
	}

	@Test
	void refusalFromRestControllerThenProblemJsonWithCodeStatusAndTheSentenceAsDetail() {
		TestClient.Response response = signedIn("advice-api@itron.example").getJson("/test/advice/api/refused");

		assertProblem(response, 409);
		assertThat(response.code()).isEqualTo("LAST_KEY");
		assertThat(response.detail()).isEqualTo(KeyRefusal.LAST_KEY.message());
		assertThat(response.json().get("title").asString()).isEqualTo("Conflict");
		assertThat(response.body()).doesNotContain(LOG_DETAIL);
	}

	@Test
	void refusalFromPageControllerThenRefusalPageWithTheStatusAndTheSentence() {
		TestClient.Response response = signedIn("advice-page@itron.example").get("/test/advice/page/refused");

		assertThat(response.status()).isEqualTo(403);
		assertThat(response.header("Content-Type")).startsWith("text/html");
		assertThat(response.body()).contains("You may not open this page.").doesNotContain(LOG_DETAIL);
	}

	@Test
	void illegalArgumentFromRestControllerThenGeneric500WithNoDetailAndTheStackTraceInTheLog(CapturedOutput log) {
		TestClient.Response response = signedIn("advice-bug@itron.example").getJson("/test/advice/api/bug");

		assertProblem(response, 500);
		assertThat(response.json().has("detail")).isFalse();
		assertThat(response.code()).isEqualTo("INTERNAL_ERROR");
		assertThat(response.body()).doesNotContain(BUG).doesNotContain("IllegalArgument").doesNotContain("\tat ");
		assertThat(log.getOut() + log.getErr()).contains("ERROR")
			.contains("java.lang.IllegalArgumentException: " + BUG)
			.contains("at io.keygate.auth.web.RefusalAdviceTest$FailingApi.bug");
	}

	@Test
	void illegalArgumentFromPageControllerThen500PageWithoutInternals() {
		TestClient.Response response = signedIn("advice-page-bug@itron.example").get("/test/advice/page/bug");

		assertThat(response.status()).isEqualTo(500);
		assertThat(response.header("Content-Type")).startsWith("text/html");
		assertThat(response.body()).contains(CommonRefusal.INTERNAL_ERROR.message()).doesNotContain(BUG);
	}

	@Test
	void malformedJsonThen400InvalidInput() {
		TestClient.Response response = signedIn("advice-json@itron.example").postRaw("/api/v1/requests", "{\"targetId\":",
				"application/json");

		assertProblem(response, 400);
		assertThat(response.code()).isEqualTo("INVALID_INPUT");
		assertThat(response.detail()).isEqualTo(CommonRefusal.INVALID_INPUT.message());
	}

	@Test
	void wrongMethodOnJsonEndpointThen405MethodNotAllowedWithAllow() {
		TestClient.Response response = signedIn("advice-method@itron.example").delete("/api/v1/requests");

		assertProblem(response, 405);
		assertThat(response.code()).isEqualTo("METHOD_NOT_ALLOWED");
		assertThat(response.header("Allow")).contains("GET");
	}

	@Test
	void unknownPathForJsonClientThen404NotFoundProblem() {
		TestClient.Response response = signedIn("advice-404@itron.example").getJson("/api/v1/no-such-thing");

		assertProblem(response, 404);
		assertThat(response.code()).isEqualTo("NOT_FOUND");
	}

	@Test
	void unauthenticatedJsonCallThenSpringSecuritysOwn401NotAProblemFromTheAdvice() {
		TestClient.Response response = client().getJson("/test/advice/api/refused");

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.body()).doesNotContain("LAST_KEY");
	}

	@Test
	void securityExceptionsFromControllerThenAnsweredBySpringSecurityInTheAdvicesShape() {
		TestClient browser = signedIn("advice-security@itron.example");

		TestClient.Response unauthenticated = browser.getJson("/test/advice/api/sign-in-required");
		TestClient.Response denied = browser.getJson("/test/advice/api/denied");

		// Passed on by the advice; Spring Security's entry point and access-denied handler
		// (ProblemResponses) answer them, in the same problem-document shape (issue #12).
		assertThat(unauthenticated.status()).isEqualTo(401);
		assertThat(denied.status()).isEqualTo(403);
		assertThat(unauthenticated.code()).isEqualTo("SIGN_IN_AGAIN");
		assertThat(denied.code()).isEqualTo("NOT_ALLOWED");
	}

}
