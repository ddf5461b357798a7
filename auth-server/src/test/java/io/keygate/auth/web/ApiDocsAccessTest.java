package io.keygate.auth.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.keygate.auth.testsupport.KeygateHttpTest;
import io.keygate.policy.identity.Role;
import io.keygate.testsupport.TestClient;
import io.keygate.testsupport.VirtualKey;

/** The admin API's OpenAPI document and Swagger UI are for security admins only; /error never answers 5xx. */
class ApiDocsAccessTest extends KeygateHttpTest {

	private final String run = UUID.randomUUID().toString().substring(0, 8);

	@Test
	void apiDocsWhenVendorAsksThenForbidden() {
		TestClient vendor = enroll(VirtualKey.packed(), "vic-" + this.run + "@itron" + this.run + ".example",
				Role.VENDOR_ENGINEER);

		assertThat(vendor.getJson("/v3/api-docs").status()).isEqualTo(403);
		assertThat(vendor.get("/swagger-ui/index.html").status()).isEqualTo(403);
	}

	@Test
	void apiDocsWhenApproverAsksThenForbidden() {
		TestClient approver = enroll(VirtualKey.packed(), "amy-" + this.run + "@utility.example", Role.APPROVER);

		assertThat(approver.getJson("/v3/api-docs").status()).isEqualTo(403);
	}

	@Test
	void apiDocsWhenSecurityAdminAsksThenServed() {
		TestClient admin = enroll(VirtualKey.packed(), "ada-" + this.run + "@utility.example", Role.SECURITY_ADMIN);

		TestClient.Response docs = admin.getJson("/v3/api-docs");
		assertThat(docs.status()).isEqualTo(200);
		assertThat(docs.body()).contains("\"openapi\"");
	}

	@Test
	void errorWhenCalledDirectlyOrWithStatusParameterThenNeverFiveHundred() {
		assertThat(client().getJson("/error").status()).isEqualTo(404);
		assertThat(client().getJson("/error?status=500").status()).isLessThan(500);
		assertThat(client().get("/error").status()).isLessThan(500);
	}

}
