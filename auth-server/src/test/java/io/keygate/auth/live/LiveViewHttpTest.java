package io.keygate.auth.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.keygate.auth.testsupport.KeygateHttpTest;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.identity.Role;
import io.keygate.policy.live.LiveSessionBoard;
import io.keygate.policy.live.LiveSessionReport;
import io.keygate.policy.presence.GatewayInstance;
import io.keygate.policy.presence.GatewayPresence;
import io.keygate.testsupport.TestClient;
import io.keygate.testsupport.VirtualKey;
import tools.jackson.databind.JsonNode;

/**
 * The live view through its real endpoints, with the embedded (in-memory) board and presence the
 * gateways write: what staff see, what a vendor sees, Terminate and each refusal.
 */
class LiveViewHttpTest extends KeygateHttpTest {

	@Autowired
	LiveSessionBoard board;

	@Autowired
	GatewayPresence presence;

	private String run;

	private String gatewayA;

	private String gatewayB;

	private String silentGateway;

	private TestClient approver;

	private TestClient vendor;

	private String vendorSubject;

	@BeforeEach
	void gatewaysAndPeople() {
		this.run = UUID.randomUUID().toString().substring(0, 8);
		this.gatewayA = "gw-a-" + this.run;
		this.gatewayB = "gw-b-" + this.run;
		this.silentGateway = "gw-silent-" + this.run;
		Instant now = Instant.now();
		this.presence.heartbeat(new GatewayInstance(this.gatewayA, "1.0", now.minusSeconds(600), now));
		this.presence.heartbeat(new GatewayInstance(this.gatewayB, "1.0", now.minusSeconds(600), now));
		this.presence.heartbeat(new GatewayInstance(this.silentGateway, "1.0", now.minusSeconds(600), now.minusSeconds(120)));
		this.approver = enroll(VirtualKey.packed(), "ada-" + this.run + "@utility.example", Role.APPROVER);
		this.vendorSubject = "erin-" + this.run + "@itron" + this.run + ".example";
		this.vendor = enroll(VirtualKey.packed(), this.vendorSubject, Role.VENDOR_ENGINEER);
	}

	private LiveSessionReport session(String id, String gateway, String subject, long secondsLeft) {
		Instant now = Instant.now();
		return new LiveSessionReport(id, gateway, subject, "itron", "head-end", "g-" + id, now.plusSeconds(secondsLeft),
				"10.0.0.7", now.minusSeconds(60), now, 4, 2048, 1);
	}

	private List<JsonNode> sessions(JsonNode view) {
		List<JsonNode> mine = new ArrayList<>();
		view.get("sessions").forEach(s -> {
			if (s.get("id").asString().endsWith(this.run)) {
				mine.add(s);
			}
		});
		return mine;
	}

	@Test
	void liveWhenStaffAndSessionsOnTwoGatewaysThenBothListedWithTheirGatewayAndSilentOneMarked() {
		this.board.report(this.gatewayA, List.of(session("a1-" + this.run, this.gatewayA, this.vendorSubject, 3600)));
		this.board.report(this.gatewayB, List.of(session("b1-" + this.run, this.gatewayB, "sam@itron", 3600)));
		this.board.report(this.silentGateway, List.of(session("s1-" + this.run, this.silentGateway, "sam@itron", 3600)));

		TestClient.Response answer = this.approver.getJson("/api/v1/live");

		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		List<JsonNode> sessions = sessions(answer.json());
		assertThat(sessions).extracting(s -> s.get("gateway").asString())
			.containsExactlyInAnyOrder(this.gatewayA, this.gatewayB, this.silentGateway);
		assertThat(sessions).filteredOn(s -> s.get("gateway").asString().equals(this.gatewayA))
			.singleElement()
			.satisfies(s -> {
				assertThat(s.get("subject").asString()).isEqualTo(this.vendorSubject);
				assertThat(s.get("requests").asLong()).isEqualTo(4);
				assertThat(s.get("bytes").asLong()).isEqualTo(2048);
				assertThat(s.get("openWebSockets").asInt()).isEqualTo(1);
				assertThat(s.get("gatewaySilent").asBoolean()).isFalse();
				// ISO-8601 text, which the page's script reads with new Date(...).
				assertThat(Instant.parse(s.get("started").asString())).isBefore(Instant.now());
			});
		assertThat(sessions).filteredOn(s -> s.get("gateway").asString().equals(this.silentGateway))
			.singleElement()
			.satisfies(s -> assertThat(s.get("gatewaySilent").asBoolean()).isTrue());
		List<String> silent = new ArrayList<>();
		answer.json().get("gateways").forEach(g -> {
			if (g.get("silent").asBoolean()) {
				silent.add(g.get("id").asString());
			}
		});
		assertThat(silent).contains(this.silentGateway).doesNotContain(this.gatewayA, this.gatewayB);
	}

	@Test
	void mineWhenVendorThenOnlyOwnSessionsWithTimeLeftAndWarningNearTheEnd() {
		this.board.report(this.gatewayA, List.of(session("a1-" + this.run, this.gatewayA, this.vendorSubject, 3600),
				session("a2-" + this.run, this.gatewayA, "sam@itron", 3600)));
		this.board.report(this.gatewayB, List.of(session("b1-" + this.run, this.gatewayB, this.vendorSubject, 300)));

		TestClient.Response answer = this.vendor.getJson("/api/v1/live/mine");

		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		List<JsonNode> sessions = sessions(answer.json());
		assertThat(sessions).extracting(s -> s.get("subject").asString()).containsOnly(this.vendorSubject);
		assertThat(sessions).extracting(s -> s.get("id").asString())
			.containsExactlyInAnyOrder("a1-" + this.run, "b1-" + this.run);
		JsonNode far = sessions.stream().filter(s -> s.get("id").asString().startsWith("a1")).findFirst().orElseThrow();
		JsonNode near = sessions.stream().filter(s -> s.get("id").asString().startsWith("b1")).findFirst().orElseThrow();
		assertThat(far.get("warningMinutes").isNull()).isTrue();
		assertThat(far.get("secondsLeft").asLong()).isBetween(3000L, 3600L);
		assertThat(near.get("warningMinutes").asLong()).isEqualTo(10);
	}

	@Test
	void liveWhenVendorAsksForEveryoneThenNotAllowed() {
		TestClient.Response answer = this.vendor.getJson("/api/v1/live");
		assertThat(answer.status()).as(answer.body()).isEqualTo(403);
		assertThat(answer.code()).isEqualTo("NOT_ALLOWED");
	}

	@Test
	void terminateWhenStaffThenSentToThatGatewayOnlyAndAudited() {
		String id = "a1-" + this.run;
		this.board.report(this.gatewayA, List.of(session(id, this.gatewayA, this.vendorSubject, 3600)));

		TestClient.Response answer = this.approver.post("/api/v1/live/sessions/" + this.gatewayA + "/" + id + "/terminate", null);

		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		assertThat(this.board.pendingTerminations(this.gatewayA)).anySatisfy(t -> assertThat(t.sessionId()).isEqualTo(id));
		assertThat(this.board.pendingTerminations(this.gatewayB)).noneSatisfy(t -> assertThat(t.sessionId()).isEqualTo(id));
		AuditEvent event = lastAudit(AuditAction.SESSION_TERMINATED.action());
		assertThat(event.entry().actor()).isEqualTo("ada-" + this.run + "@utility.example");
		assertThat(event.entry().grantId()).isEqualTo("g-" + id);
		assertThat(event.entry().details()).containsEntry("gateway", this.gatewayA)
			.containsEntry("session", id)
			.containsEntry("subject", this.vendorSubject);
	}

	@Test
	void terminateWhenVendorThenNotAllowedAndNothingSent() {
		String id = "a1-" + this.run;
		this.board.report(this.gatewayA, List.of(session(id, this.gatewayA, this.vendorSubject, 3600)));
		TestClient.Response answer = this.vendor.post("/api/v1/live/sessions/" + this.gatewayA + "/" + id + "/terminate", null);
		assertThat(answer.status()).as(answer.body()).isEqualTo(403);
		assertThat(answer.code()).isEqualTo("NOT_ALLOWED");
		assertThat(this.board.pendingTerminations(this.gatewayA)).noneSatisfy(t -> assertThat(t.sessionId()).isEqualTo(id));
	}

	@Test
	void terminateWhenSessionUnknownThenNotFound() {
		TestClient.Response answer = this.approver.post("/api/v1/live/sessions/" + this.gatewayA + "/nope-" + this.run
				+ "/terminate", null);
		assertThat(answer.status()).as(answer.body()).isEqualTo(404);
		assertThat(answer.code()).isEqualTo("NOT_FOUND");
	}

	@Test
	void terminateWhenIdsAreNotTokensThenInvalidInput() {
		TestClient.Response answer = this.approver.post("/api/v1/live/sessions/" + this.gatewayA + "/%3Cscript%3E/terminate",
				null);
		assertThat(answer.status()).as(answer.body()).isEqualTo(400);
		assertThat(answer.code()).isEqualTo("INVALID_INPUT");
	}

	@Test
	void terminateWhenGatewayStoppedHeartbeatingThenRefusedAsSilentAndNothingSent() {
		String id = "s1-" + this.run;
		this.board.report(this.silentGateway, List.of(session(id, this.silentGateway, "sam@itron", 3600)));
		TestClient.Response answer = this.approver.post("/api/v1/live/sessions/" + this.silentGateway + "/" + id + "/terminate",
				null);
		assertThat(answer.status()).as(answer.body()).isEqualTo(409);
		assertThat(answer.code()).isEqualTo("GATEWAY_SILENT");
		assertThat(this.board.pendingTerminations(this.silentGateway)).isEmpty();
	}

	@Test
	void pageWhenStaffThenRendersTheLiveViewThatPolls() {
		TestClient.Response page = this.approver.get("/live");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("Live sessions on every gateway").contains("data-staff=\"true\"").contains("/js/live.js");
	}

}
