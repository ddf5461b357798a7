package io.keygate.auth.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import io.keygate.auth.testsupport.KeygateHttpTest;
import io.keygate.policy.identity.Role;
import io.keygate.testsupport.FuzzValues;
import io.keygate.testsupport.TestClient;
import io.keygate.testsupport.VirtualKey;

/**
 * The fixes the fuzz corpus led to, one test each: Spring Security's own refusals and the
 * container's (through {@code /error}) in RefusalAdvice's shape, and the form's minutes that
 * overflowed into a 500.
 */
@TestPropertySource(properties = { "keygate.catalog=classpath:io/keygate/testsupport/test-catalog.yml" })
class RefusalShapeTest extends KeygateHttpTest {

	@Autowired
	JdbcTemplate jdbc;

	private TestClient vendor() {
		String run = UUID.randomUUID().toString().substring(0, 8);
		return enroll(VirtualKey.packed(), "lea-" + run + "@landis" + run + ".example", Role.VENDOR_ENGINEER);
	}

	private static void assertProblem(TestClient.Response answer, int status, String code) {
		assertThat(answer.status()).as(answer.body()).isEqualTo(status);
		assertThat(answer.code()).isEqualTo(code);
		assertThat(answer.json().get("status").asInt()).isEqualTo(status);
		assertThat(answer.json().get("detail").asString()).isNotBlank();
		assertThat(FuzzValues.leak(answer.body())).isNull();
	}

	@Test
	void apiCallWhenNotSignedInThenProblemDocumentSignInAgain() {
		assertProblem(client().getJson("/api/v1/requests"), 401, "SIGN_IN_AGAIN");
	}

	@Test
	void stateChangeWhenCsrfTokenMissingThenProblemDocumentCsrfInvalidAndNothingWritten() {
		TestClient vendor = vendor();
		long before = this.jdbc.queryForObject("select count(*) from access_request", Long.class);
		TestClient.Response answer = vendor.send(HttpRequest.newBuilder(vendor.uri("/api/v1/requests"))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"targetId\":\"head-end\",\"level\":\"read\",\"durationMinutes\":60,"
					+ "\"reason\":\"r\",\"ticket\":\"t\"}"))
			.build());
		assertProblem(answer, 403, "CSRF_INVALID");
		assertThat(this.jdbc.queryForObject("select count(*) from access_request", Long.class)).isEqualTo(before);
	}

	@Test
	void adminApiWhenVendorThenProblemDocumentNotAllowed() {
		assertProblem(vendor().getJson("/admin/users"), 403, "NOT_ALLOWED");
	}

	@Test
	void adminPageWhenVendorAsksForHtmlThenRefusalPage() {
		TestClient.Response answer = vendor().get("/admin/users");
		assertThat(answer.status()).isEqualTo(403);
		assertThat(answer.body()).contains("Not possible").contains("You are not allowed to do this.");
		assertThat(FuzzValues.leak(answer.body())).isNull();
	}

	@Test
	void errorPathWhenCalledDirectlyThenNotFoundWithoutDetail() {
		assertProblem(client().getJson("/error"), 404, "NOT_FOUND");
	}

	@Test
	void requestLineWhenContainerRejectsItThenProblemDocumentWithoutClassNames() {
		TestClient.Response answer = client().getJson("/api/v1/requests/%2e%2e%2f%2e%2e%2fadmin");
		assertThat(answer.status()).isBetween(400, 499);
		assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
		assertThat(FuzzValues.leak(answer.body())).isNull();
	}

	@Test
	void vendorFormWhenMinutesOverflowLongThenRefusedOnThePageAndNoRequestWritten() {
		TestClient vendor = vendor();
		long before = this.jdbc.queryForObject("select count(*) from access_request", Long.class);
		TestClient.Response posted = vendor.send(HttpRequest.newBuilder(vendor.uri("/access/vendor/requests"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "text/html")
			.header("X-XSRF-TOKEN", csrf(vendor))
			.POST(HttpRequest.BodyPublishers.ofString("choice=head-end%2Fread&minutes=9223372036854775807&reason=r&ticket=t"))
			.build());
		assertThat(posted.status()).as(posted.body()).isEqualTo(302);
		assertThat(vendor.get(posted.header("Location")).body()).contains("Refused: ");
		assertThat(this.jdbc.queryForObject("select count(*) from access_request", Long.class)).isEqualTo(before);
	}

	private static String csrf(TestClient client) {
		if (client.csrf() == null) {
			client.get("/login");
		}
		return client.csrf();
	}

}
