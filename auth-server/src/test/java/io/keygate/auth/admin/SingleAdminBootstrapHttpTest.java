package io.keygate.auth.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import io.keygate.auth.enrollment.FirstAdminBootstrap;
import io.keygate.auth.enrollment.InvitationService;
import io.keygate.auth.testsupport.KeygateHttpTest;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.audit.Severity;
import io.keygate.testsupport.TestClient;
import io.keygate.testsupport.VirtualKey;

/**
 * The single-admin bootstrap on a store of its own (a context no other test shares): allowed,
 * explicit and audited at HIGH, with a warning on the admin pages, until a second security admin
 * exists; from then on the second admin must confirm.
 */
@TestPropertySource(properties = "keygate.enrollment.first-admin-name=Bootstrap Admin")
class SingleAdminBootstrapHttpTest extends KeygateHttpTest {

	private static final String BANNER = "id=\"single-admin-warning\"";

	@Autowired
	FirstAdminBootstrap bootstrap;

	private String enrollWithLink(String link, VirtualKey key, TestClient client) {
		String token = link.substring(link.indexOf("token=") + 6);
		TestClient.Response options = client.post("/enroll/options", Map.of("token", token));
		assertThat(options.status()).as(options.body()).isEqualTo(200);
		TestClient.Response finished = client.post("/enroll/finish",
				"{\"token\":\"" + token + "\",\"label\":\"k\",\"credential\":" + key.create(options.json()) + "}");
		assertThat(finished.status()).as(finished.body()).isEqualTo(200);
		return token;
	}

	private static TestClient.Response invite(TestClient admin, String email, String role, boolean singleAdminBootstrap) {
		return admin.post("/admin/invitations", Map.of("email", email, "displayName", "Person " + email, "organisation", "utility",
				"roles", List.of(role), "singleAdminBootstrap", singleAdminBootstrap));
	}

	@Test
	void bootstrapWhenOnlyOneSecurityAdminThenExplicitHighAuditAndBannerUntilASecondAdminExists() {
		// The link printed at start is audited HIGH; a fresh one (the restart case) is issued to enroll here.
		AuditEvent printed = this.audit.latestByAction("enrollment.invitation.created", 100).stream()
			.filter(e -> e.entry().actor().equals(FirstAdminBootstrap.BOOTSTRAP_ACTOR))
			.findFirst()
			.orElseThrow();
		assertThat(printed.entry().severity()).isEqualTo(Severity.HIGH);
		InvitationService.Issued first = this.bootstrap.issueIfNoAccounts();
		TestClient admin = client();
		enrollWithLink(first.link(), VirtualKey.packed(), admin);
		assertThat(lastAudit("enrollment.completed").entry().severity()).isEqualTo(Severity.HIGH);

		// The lone admin sees the warning on the admin pages.
		assertThat(admin.get("/account").body()).contains(BANNER);
		assertThat(admin.get("/access/admin").body()).contains(BANNER).contains("Single-admin bootstrap");

		// Creating an approver alone must be said explicitly...
		TestClient.Response implicit = invite(admin, "ann@utility.example", "APPROVER", false);
		assertThat(implicit.status()).isEqualTo(409);
		assertThat(implicit.code()).isEqualTo("SINGLE_ADMIN_BOOTSTRAP_REQUIRED");
		TestClient.Response explicit = invite(admin, "ann@utility.example", "APPROVER", true);
		assertThat(explicit.status()).as(explicit.body()).isEqualTo(200);
		AuditEvent alone = lastAudit("enrollment.single-admin-bootstrap");
		assertThat(alone.entry().severity()).isEqualTo(Severity.HIGH);
		assertThat(alone.entry().details()).containsEntry("invitee", "ann@utility.example");
		// ...and a re-enrollment never goes without a second admin.
		TestClient.Response reenroll = admin.post("/admin/users/" + first.invitation().email() + "/reinvite", "{}");
		assertThat(reenroll.code()).isEqualTo("SECOND_ADMIN_REQUIRED");

		TestClient.Response second = invite(admin, "second-admin@utility.example", "SECURITY_ADMIN", true);
		assertThat(second.status()).as(second.body()).isEqualTo(200);
		TestClient secondAdmin = client();
		enrollWithLink(second.json().get("link").asString(), VirtualKey.packed(), secondAdmin);

		// Two admins: the warning is gone and the flag no longer lets one admin create an approver alone.
		assertThat(admin.get("/account").body()).doesNotContain(BANNER);
		assertThat(admin.get("/access/admin").body()).doesNotContain(BANNER);
		TestClient.Response afterwards = invite(admin, "bob@utility.example", "APPROVER", true);
		assertThat(afterwards.status()).isEqualTo(202);
		assertThat(afterwards.json().get("state").asString()).isEqualTo("AWAITING_CONFIRMATION");
		// Disabling the colleague brings back the warning but not the bootstrap: still a second admin's call.
		assertThat(admin.post("/admin/users/second-admin@utility.example/disable", "{}").status()).isEqualTo(200);
		assertThat(admin.get("/account").body()).contains(BANNER);
		TestClient.Response stillTwo = invite(admin, "carl@utility.example", "APPROVER", true);
		assertThat(stillTwo.status()).isEqualTo(202);
		assertThat(stillTwo.json().get("state").asString()).isEqualTo("AWAITING_CONFIRMATION");
	}

}
