package io.keygate.auth.breakglass;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import io.keygate.auth.testsupport.KeygateHttpTest;
import io.keygate.policy.identity.Role;
import io.keygate.testsupport.TestClient;
import io.keygate.testsupport.VirtualKey;

/** Break-glass over real HTTP: refusals answer in the one problem shape, admin endpoints stay admin-only. */
@TestPropertySource(properties = { "keygate.catalog=classpath:io/keygate/testsupport/test-catalog.yml" })
class BreakGlassHttpTest extends KeygateHttpTest {

	@Test
	void openWhenVendorHasNoEligibilityThenForbiddenWithTheRefusalCodeAndNothingGranted() {
		String run = UUID.randomUUID().toString().substring(0, 8);
		TestClient vendor = enroll(VirtualKey.packed(), "lea-" + run + "@landis" + run + ".example", Role.VENDOR_ENGINEER);

		TestClient.Response response = vendor.post("/access/break-glass",
				Map.of("targetId", "head-end", "level", "read", "reason", "outage"));

		assertThat(response.status()).isEqualTo(403);
		assertThat(response.code()).isEqualTo("NOT_ELIGIBLE");
		assertThat(lastAudit("break-glass.refused").entry().reason()).isEqualTo("NOT_ELIGIBLE");
	}

	@Test
	void openWhenFirmwareAskedThenForbiddenLevelNotAllowed() {
		String run = UUID.randomUUID().toString().substring(0, 8);
		TestClient vendor = enroll(VirtualKey.packed(), "lea-" + run + "@landis" + run + ".example", Role.VENDOR_ENGINEER);

		TestClient.Response response = vendor.post("/access/break-glass",
				Map.of("targetId", "head-end", "level", "firmware", "reason", "push the fix"));

		assertThat(response.status()).isEqualTo(403);
		assertThat(response.code()).isEqualTo("LEVEL_NOT_ALLOWED");
	}

	@Test
	void adminEndpointsWhenCalledByAVendorThenForbidden() {
		String run = UUID.randomUUID().toString().substring(0, 8);
		TestClient vendor = enroll(VirtualKey.packed(), "lea-" + run + "@landis" + run + ".example", Role.VENDOR_ENGINEER);

		assertThat(vendor.getJson("/admin/break-glass/openings").status()).isEqualTo(403);
		assertThat(vendor.getJson("/admin/notifications/channels").status()).isEqualTo(403);
		assertThat(vendor.post("/admin/break-glass/eligibilities/" + "lea-" + run + "/head-end/step-up", Map.of()).status())
			.isEqualTo(403);
	}

}
