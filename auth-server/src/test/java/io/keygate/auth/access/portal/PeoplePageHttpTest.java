package io.keygate.auth.access.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.keygate.auth.testsupport.KeygateHttpTest;
import io.keygate.policy.identity.Role;
import io.keygate.testsupport.TestClient;
import io.keygate.testsupport.VirtualKey;

/** The admin's People page: reachable from the nav, invitations listed and kept, disable confirmed and reported. */
class PeoplePageHttpTest extends KeygateHttpTest {

	String run;

	TestClient admin;

	@BeforeEach
	void admin() {
		this.run = UUID.randomUUID().toString().substring(0, 8);
		this.admin = enroll(VirtualKey.packed(), "ada-" + this.run + "@utility.example", Role.SECURITY_ADMIN);
	}

	private TestClient.Response invite(String email) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("name", "Person " + email);
		fields.put("email", email);
		fields.put("organisation", "itron" + this.run);
		fields.put("role", "VENDOR_ENGINEER");
		return PortalPagesHttpTest.submitForm(this.admin, "/access/people/invitations", fields);
	}

	@Test
	void peoplePageWhenAdminOpensThenInNavWithHeadersAndInviteForm() {
		String page = this.admin.get("/access/people").body();

		assertThat(page).contains("id=\"nav-people\"").contains("<h1>People</h1>")
			.contains("<th>Name</th><th>Subject</th><th>Organisation</th><th>Roles</th><th>Status</th>")
			.contains("<label for=\"invite-email\">E-mail</label>")
			.contains("ada-" + this.run + "@utility.example");
		assertThat(this.admin.get("/access/admin").body()).contains("href=\"/access/people\"");
	}

	@Test
	void peoplePageWhenVendorOpensThenRefused() {
		TestClient vendor = enroll(VirtualKey.packed(), "vic-" + this.run + "@itron" + this.run + ".example",
				Role.VENDOR_ENGINEER);

		assertThat(vendor.get("/access/people").status()).isEqualTo(403);
		assertThat(vendor.get("/access/vendor").body()).doesNotContain("nav-people");
	}

	@Test
	void inviteWhenTwoPeopleInvitedThenBothLinksStayAndBothArePending() {
		invite("first-" + this.run + "@itron.example");
		String page = invite("second-" + this.run + "@itron.example").body();

		assertThat(page).contains("Invitation for second-" + this.run + "@itron.example created");
		String links = page.substring(page.indexOf("id=\"invite-links\""));
		assertThat(links).contains("first-" + this.run + "@itron.example").contains("second-" + this.run + "@itron.example")
			.contains("/enroll?token=");
		String pending = page.substring(page.indexOf("id=\"pending-invitations\""));
		assertThat(pending).contains("first-" + this.run + "@itron.example").contains("second-" + this.run + "@itron.example")
			.contains("link issued, not used yet");
	}

	@Test
	void disableWhenConfirmedThenResultSentenceAndStatusDisabled() {
		String vendorSubject = "dan-" + this.run + "@itron" + this.run + ".example";
		enroll(VirtualKey.packed(), vendorSubject, Role.VENDOR_ENGINEER);

		String confirm = this.admin.get("/access/people?disable=" + vendorSubject).body();
		assertThat(confirm).contains("id=\"confirm-disable\"").contains("Yes, disable");

		String page = PortalPagesHttpTest.submitForm(this.admin, "/access/people/" + vendorSubject + "/disable", Map.of()).body();
		assertThat(page).contains("Disabled " + vendorSubject + ": they can no longer sign in; 0 grants ended");
		String row = page.substring(page.indexOf("<td>" + vendorSubject + "</td>"));
		assertThat(row.substring(0, row.indexOf("</tr>"))).contains("DISABLED").contains("Enable");
	}

	@Test
	void inviteWhenFieldsBadThenRefusedWithSentenceNeverAServerError() {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("name", "Bad");
		fields.put("email", "not an address");
		fields.put("organisation", "itron");
		fields.put("role", "VENDOR_ENGINEER");
		assertThat(PortalPagesHttpTest.submitForm(this.admin, "/access/people/invitations", fields).body())
			.contains("Refused: The e-mail address is not valid");

		fields.put("email", "ok-" + this.run + "@itron.example");
		fields.put("role", "EMPEROR");
		assertThat(PortalPagesHttpTest.submitForm(this.admin, "/access/people/invitations", fields).body())
			.contains("Refused: ");

		fields.put("role", "VENDOR_ENGINEER");
		fields.put("organisation", "Itron Inc. <script>");
		assertThat(PortalPagesHttpTest.submitForm(this.admin, "/access/people/invitations", fields).body())
			.contains("Refused: ").doesNotContain("<script>");

		assertThat(PortalPagesHttpTest.submitForm(this.admin, "/access/people/nobody-" + this.run + "@x.example/disable",
				Map.of()).body()).contains("Refused: ");
	}

}
