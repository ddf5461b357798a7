package io.keygate.auth.access.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import io.keygate.auth.testsupport.KeygateHttpTest;
import io.keygate.policy.identity.Role;
import io.keygate.testsupport.TestClient;
import io.keygate.testsupport.VirtualKey;

/**
 * Issue 19: with no notification channel configured, the vendor's page no longer claims that
 * approvers were notified; it says nobody was, and who can fix it.
 */
@TestPropertySource(properties = { "keygate.catalog=classpath:io/keygate/testsupport/test-catalog.yml" })
class NotificationSentencePageTest extends KeygateHttpTest {

	@Test
	void submitWhenNoChannelConfiguredThenThePageSaysNobodyWasNotifiedAndToTellTheAdmin() {
		String run = UUID.randomUUID().toString().substring(0, 8);
		TestClient vendor = enroll(VirtualKey.packed(), "lea-" + run + "@landis" + run + ".example", Role.VENDOR_ENGINEER);
		enroll(VirtualKey.packed(), "otto-" + run + "@utility.example", Role.APPROVER);
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("choice", "head-end/read");
		fields.put("minutes", "60");
		fields.put("reason", "check meter firmware");
		fields.put("ticket", "CHG-" + run);

		TestClient.Response page = PortalPagesHttpTest.submitForm(vendor, "/access/vendor/requests", fields);

		assertThat(page.body()).contains("Request sent: read access to head-end for 1 h.")
			.contains("Nobody was notified: no notification channel is configured — tell your admin.")
			.doesNotContain("Approvers have been notified");
	}

	@Test
	void breakGlassPageWhenNoChannelConfiguredThenStaffAreToldAndVendorWithoutEligibilitySeesNoForm() {
		String run = UUID.randomUUID().toString().substring(0, 8);
		TestClient vendor = enroll(VirtualKey.packed(), "lea-" + run + "@landis" + run + ".example", Role.VENDOR_ENGINEER);
		TestClient approver = enroll(VirtualKey.packed(), "otto-" + run + "@utility.example", Role.APPROVER);

		TestClient.Response staffPage = approver.get("/access/break-glass");
		TestClient.Response vendorPage = vendor.get("/access/break-glass");

		assertThat(staffPage.status()).isEqualTo(200);
		assertThat(staffPage.body()).contains("No notification channel is configured: approvers are told of nothing.")
			.contains("Nobody has opened emergency access.");
		assertThat(vendorPage.status()).isEqualTo(200);
		assertThat(vendorPage.body()).contains("You have no emergency access.")
			.doesNotContain("Open emergency access")
			.doesNotContain("Notification channels");
	}

}
