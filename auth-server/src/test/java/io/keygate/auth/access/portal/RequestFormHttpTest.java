package io.keygate.auth.access.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import io.keygate.auth.testsupport.KeygateHttpTest;
import io.keygate.policy.identity.Role;
import io.keygate.testsupport.TestClient;
import io.keygate.testsupport.VirtualKey;

/** The request form as a first-time vendor meets it: safe defaults, kept input, clear refusals. */
@TestPropertySource(properties = { "keygate.catalog=classpath:io/keygate/testsupport/test-catalog.yml",
		"keygate.gateway.public-url=https://gateway.utility.example" })
class RequestFormHttpTest extends KeygateHttpTest {

	TestClient vendor;

	String run;

	@BeforeEach
	void vendor() {
		this.run = UUID.randomUUID().toString().substring(0, 8);
		this.vendor = enroll(VirtualKey.packed(), "fay-" + this.run + "@siemens" + this.run + ".example", Role.VENDOR_ENGINEER);
	}

	private Map<String, String> form(String choice, String reason) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("choice", choice);
		fields.put("minutes", "45");
		fields.put("reason", reason);
		fields.put("ticket", "CHG-" + this.run);
		return fields;
	}

	@Test
	void vendorPageWhenOpenedThenLeastPrivilegedLevelIsPreselected() {
		String page = this.vendor.get("/access/vendor").body();

		// head-end offers narrow (GET on meters), read and operate: one of the read-only ones comes first.
		assertThat(page).containsPattern("<option value=\"head-end/(narrow|read)\"[^>]*selected");
		assertThat(page.indexOf("value=\"head-end/read\"")).isLessThan(page.indexOf("value=\"head-end/operate\""));
	}

	@Test
	void vendorPageWhenLinkedWithTargetThenThatTargetsLeastLevelIsPreselected() {
		String page = this.vendor.get("/access/vendor?target=mdm").body();

		assertThat(page).containsPattern("<option value=\"mdm/[a-z-]+\"[^>]*selected");
		assertThat(page).doesNotContainPattern("<option value=\"head-end/[a-z-]+\"[^>]*selected");
	}

	@Test
	void submitWhenReasonTooLongThenRefusedSayingSoAndTypedTextKept() {
		String reason = "meter firmware check " + "x".repeat(1000);

		TestClient.Response page = PortalPagesHttpTest.submitForm(this.vendor, "/access/vendor/requests",
				form("head-end/operate", reason));

		assertThat(page.body()).contains("Refused: The reason and the ticket reference can each be at most 1000 characters.")
			.doesNotContain("are required")
			.contains(reason)
			.contains("value=\"CHG-" + this.run + "\"")
			.containsPattern("<option value=\"head-end/operate\"[^>]*selected")
			.contains("value=\"45\"");
	}

	@Test
	void submitWhenSamePendingRequestAgainThenRefusedAsDuplicateButOtherLevelAccepted() {
		assertThat(PortalPagesHttpTest.submitForm(this.vendor, "/access/vendor/requests", form("head-end/read", "read logs"))
			.body()).contains("Request sent: read access to head-end");

		TestClient.Response again = PortalPagesHttpTest.submitForm(this.vendor, "/access/vendor/requests",
				form("head-end/read", "read logs"));
		assertThat(again.body()).contains("Refused: You already have a pending request for this target and level in that window.");

		assertThat(PortalPagesHttpTest.submitForm(this.vendor, "/access/vendor/requests", form("head-end/operate", "switch"))
			.body()).contains("Request sent: operate access to head-end");
		assertThat(this.vendor.getJson("/api/v1/requests").json().size()).isEqualTo(2);
	}

	@Test
	void submitWhenStartTypedThenReadInTheNamedBusinessZoneAndApiAnswersIso() {
		java.time.ZoneId berlin = java.time.ZoneId.of("Europe/Berlin");
		java.time.LocalDateTime start = java.time.LocalDate.now(berlin).plusDays(2).atTime(10, 0);
		Map<String, String> fields = form("head-end/read", "planned maintenance");
		fields.put("start", start.toString());

		String page = PortalPagesHttpTest.submitForm(this.vendor, "/access/vendor/requests", fields).body();

		assertThat(page).contains("Times in <span>Europe/Berlin</span>")
			.contains("Start, <span>Europe/Berlin</span> time")
			.contains("10:00 Europe/Berlin")
			.doesNotContainPattern("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z");
		assertThat(this.vendor.getJson("/api/v1/requests").json().get(0).get("start").asString())
			.isEqualTo(start.atZone(berlin).toInstant().toString());
	}

}
