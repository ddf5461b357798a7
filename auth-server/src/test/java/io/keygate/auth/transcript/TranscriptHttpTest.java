package io.keygate.auth.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import io.keygate.auth.access.Rows;
import io.keygate.auth.access.grant.GrantHistoryRepository;
import io.keygate.auth.testsupport.KeygateHttpTest;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.identity.Role;
import io.keygate.testsupport.TestClient;
import io.keygate.testsupport.VirtualKey;

/**
 * A grant's transcript in the portal, from gateway events as the gateway writes them (session
 * hash, method, path, status, bytes, duration; a redacted body in parts on a completion): the body
 * is moved beside the chain and the chain keeps only its hash; the page lists every request per
 * session with the body; an altered stored body is shown as altered; only staff may look.
 */
@TestPropertySource(properties = "keygate.catalog=classpath:io/keygate/testsupport/test-catalog.yml")
class TranscriptHttpTest extends KeygateHttpTest {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	GrantHistoryRepository history;

	String run;

	String grant;

	TestClient admin;

	@BeforeEach
	void grantWithTraffic() {
		this.run = UUID.randomUUID().toString().substring(0, 8);
		this.grant = "g-tr-" + this.run;
		this.admin = enroll(VirtualKey.packed(), "sam-" + this.run + "@utility.example", Role.SECURITY_ADMIN);
		Instant now = Instant.now();
		this.jdbc.sql("""
				insert into access_request (id, requester, organisation, target_id, level_name, duration_sec, reason, ticket,
				  created_at, expires_at, state, grant_id, client_address, row_version)
				values (?, 'vic@itron', 'itron', 'head-end', 'operate', 3600, 'reconnect meters', 'CHG-7', ?, ?, 'APPROVED', ?, '', 0)""")
			.params("r-" + this.grant, Rows.at(now.minusSeconds(600)), Rows.at(now.plusSeconds(3600)), this.grant)
			.update();
		this.history.insert(new Grant(this.grant, "vic@itron", "itron", "head-end", "operate", now.minusSeconds(60),
				now.plusSeconds(3600), "r-" + this.grant, List.of("otto@utility")), now.minusSeconds(60), true);
	}

	private AuditEntry.Builder event(AuditAction action, String method, String path, String session) {
		return AuditEntry.builder(action, Instant.now()).actor("vic@itron").organisation("itron").target("head-end")
			.grant(this.grant).detail("method", method).detail("path", path).detail("session", session);
	}

	/** What the gateway sends for one session: a GET, a POST with its redacted body in parts, a refused DELETE. */
	private void traffic(String body) {
		String encoded = Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8));
		this.audit.appendBlock(List.of(
				event(AuditAction.ACCESS_COMPLETED, "GET", "/api/meters/7", "a1b2").outcome("allow").detail("status", 200)
					.detail("bytes", 512).detail("durationMicros", 900).build(),
				event(AuditAction.ACCESS_COMPLETED, "POST", "/api/commands/disconnect", "a1b2").outcome("allow")
					.detail("status", 202).detail("bytes", 17).detail("durationMicros", 1500)
					.detail("body.contentType", "application/json").detail("body.length", body.length())
					.detail("body.truncated", false).detail("body.sealed", false)
					.detail("body.part.0", encoded.substring(0, 20)).detail("body.part.1", encoded.substring(20)).build(),
				event(AuditAction.ACCESS_DECISION, "DELETE", "/api/sessions/1", "c3d4").outcome("deny")
					.reason("METHOD_NOT_ALLOWED").detail("status", 403).build()));
	}

	@Test
	void transcriptWhenGatewayEventsChainedThenEveryRequestListedPerSessionWithTheRedactedBodyAndTheChainHoldsOnlyItsHash() {
		String body = "{\"meter\":\"4711\",\"password\":\"[REDACTED]\"}";
		traffic(body);

		TestClient.Response page = this.admin.get("/access/transcripts?grant=" + this.grant);

		assertThat(page.status()).as(page.body()).isEqualTo(200);
		assertThat(page.body()).contains("3 requests", "a1b2", "c3d4", "/api/meters/7", "/api/commands/disconnect", "202",
				"deny (METHOD_NOT_ALLOWED)", "{&quot;meter&quot;:&quot;4711&quot;,&quot;password&quot;:&quot;[REDACTED]&quot;}");
		AuditEvent chained = this.audit.eventsOfGrant(this.grant, 10).stream()
			.filter(e -> e.entry().details().containsKey("body.contentType")).findFirst().orElseThrow();
		assertThat(chained.entry().details()).doesNotContainKeys("body.part.0", "body.part.1")
			.containsEntry("body.sha256", TranscriptBodyStash.sha256(body.getBytes(StandardCharsets.UTF_8)));
		assertThat(this.audit.verify().intact()).isTrue();
		assertThat(this.admin.get("/access/transcripts?request=r-" + this.grant).body()).contains("3 requests");
		assertThat(this.admin.get("/access/admin").body()).contains("/access/transcripts?grant=" + this.grant);
	}

	@Test
	void transcriptWhenStoredBodyAlteredThenShownAsAlteredNotAsTheBody() {
		String body = "{\"meter\":\"4711\"}";
		traffic(body);
		String sha256 = TranscriptBodyStash.sha256(body.getBytes(StandardCharsets.UTF_8));
		this.jdbc.sql("update transcript_body set content = ? where sha256 = ?")
			.params(Base64.getEncoder().encodeToString("{\"meter\":\"9999\"}".getBytes(StandardCharsets.UTF_8)), sha256)
			.update();

		TestClient.Response page = this.admin.get("/access/transcripts?grant=" + this.grant);

		assertThat(page.body()).contains("does not match the hash in the audit chain").doesNotContain("9999");
	}

	@Test
	void bodyWhenDownloadedByStaffThenTheStoredBytes() {
		String body = "{\"meter\":\"12\"}";
		traffic(body);
		String sha256 = TranscriptBodyStash.sha256(body.getBytes(StandardCharsets.UTF_8));

		TestClient.Response download = this.admin.get("/access/transcripts/body?sha256=" + sha256);

		assertThat(download.status()).isEqualTo(200);
		assertThat(download.body()).isEqualTo(body);
	}

	@Test
	void transcriptWhenNotStaffThenRefused403() {
		traffic("{\"meter\":\"4711\",\"x\":1}");
		TestClient vendor = enroll(VirtualKey.packed(), "vic-" + this.run + "@itron.example", Role.VENDOR_ENGINEER);

		assertThat(vendor.get("/access/transcripts?grant=" + this.grant).status()).isEqualTo(403);
		assertThat(vendor.get("/access/transcripts/body?sha256=" + "0".repeat(64)).status()).isEqualTo(403);
	}

	@Test
	void transcriptWhenIdsInvalidOrUnknownThenRefused() {
		assertThat(this.admin.get("/access/transcripts").status()).isEqualTo(400);
		assertThat(this.admin.get("/access/transcripts?grant=%3Cscript%3E").status()).isEqualTo(400);
		assertThat(this.admin.get("/access/transcripts?grant=g-nobody").status()).isEqualTo(404);
		assertThat(this.admin.get("/access/transcripts?request=r-nobody").status()).isEqualTo(404);
		assertThat(this.admin.get("/access/transcripts/body?sha256=xyz").status()).isEqualTo(400);
		assertThat(this.admin.get("/access/transcripts/body?sha256=" + "0".repeat(64)).status()).isEqualTo(404);
	}

}
