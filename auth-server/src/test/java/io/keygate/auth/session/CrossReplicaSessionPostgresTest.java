package io.keygate.auth.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.keygate.auth.enrollment.InvitationService;
import io.keygate.auth.oidc.CodeFlow;
import io.keygate.auth.testsupport.Ceremonies;
import io.keygate.auth.testsupport.RunningAuthServer;
import io.keygate.policy.identity.Role;
import io.keygate.testsupport.PostgresTestDatabase;
import io.keygate.testsupport.TestClient;
import io.keygate.testsupport.VirtualKey;

/**
 * Two auth-server replicas on one PostgreSQL database and no sticky sessions: a browser's requests
 * land on either. The WebAuthn challenge issued by one must be answered at the other, and the
 * session signed in at one must be the same session at the other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossReplicaSessionPostgresTest {

	private RunningAuthServer a;

	private RunningAuthServer b;

	@BeforeAll
	void startTwoReplicas() {
		PostgresTestDatabase.Database database = PostgresTestDatabase.fresh();
		Map<String, String> properties = Map.of("spring.datasource.url", database.jdbcUrl(), "spring.datasource.username",
				database.user(), "spring.datasource.password", database.password() == null ? "" : database.password(),
				"keygate.oidc.key-encryption-secret", "test-signing-key-secret");
		this.a = RunningAuthServer.start(properties);
		this.b = RunningAuthServer.start(properties);
	}

	@AfterAll
	void stopReplicas() {
		if (this.b != null) {
			this.b.close();
		}
		if (this.a != null) {
			this.a.close();
		}
	}

	@Test
	void signInWhenChallengeIssuedByOneReplicaAndAnsweredAtTheOtherThenSignedInOnBoth() {
		VirtualKey key = VirtualKey.packed();
		this.a.enroll(key, "hop@landis.example", Role.VENDOR_ENGINEER);
		TestClient onA = this.a.client();
		TestClient onB = onA.at(this.b.port());
		JsonNode options = onA.post("/webauthn/authenticate/options", "{}").json();

		TestClient.Response signIn = onB.post("/login/webauthn", key.get(options));

		assertThat(signIn.status()).as(signIn.body()).isEqualTo(200);
		assertThat(onB.get("/account").status()).isEqualTo(200);
		assertThat(onA.get("/account").status()).isEqualTo(200);
	}

	@Test
	void enrollmentWhenOptionsFromOneReplicaAndFinishAtTheOtherThenKeyRegistered() {
		VirtualKey key = VirtualKey.packed();
		InvitationService.Issued issued = Ceremonies.invite(this.a.bean(InvitationService.class), "enrol-hop@landis.example",
				Role.VENDOR_ENGINEER);
		TestClient onA = this.a.client();
		TestClient onB = onA.at(this.b.port());
		TestClient.Response options = onA.post("/enroll/options", Map.of("token", issued.token()));
		assertThat(options.status()).as(options.body()).isEqualTo(200);

		TestClient.Response finish = onB.post("/enroll/finish", "{\"token\":\"" + issued.token()
				+ "\",\"label\":\"test key\",\"credential\":" + key.create(options.json()) + "}");

		assertThat(finish.status()).as(finish.body()).isEqualTo(200);
		assertThat(this.b.signIn(key)).isNotNull();
	}

	@Test
	void challengeWhenAnsweredAtOneReplicaThenReplayAtTheOtherRefused() {
		VirtualKey key = VirtualKey.packed();
		InvitationService.Issued issued = Ceremonies.invite(this.a.bean(InvitationService.class), "replay-hop@landis.example",
				Role.VENDOR_ENGINEER);
		TestClient onA = this.a.client();
		TestClient onB = onA.at(this.b.port());
		JsonNode options = onA.post("/enroll/options", Map.of("token", issued.token())).json();
		String credential = key.create(options);
		String body = "{\"token\":\"" + issued.token() + "\",\"label\":\"test key\",\"credential\":" + credential + "}";
		assertThat(onA.post("/enroll/finish", body).status()).isEqualTo(200);

		TestClient.Response replay = onB.post("/enroll/finish", body);

		assertThat(replay.status()).isBetween(400, 499);
	}

	@Test
	void sessionWhenSignedInThenKeptInTheSharedTableNotInAReplicasMemory() {
		VirtualKey key = VirtualKey.packed();
		this.a.enroll(key, "row-hop@landis.example", Role.VENDOR_ENGINEER);
		long before = sessionsOf("row-hop@landis.example");

		this.a.signIn(key);

		assertThat(sessionsOf("row-hop@landis.example")).isEqualTo(before + 1);
	}

	/**
	 * Each code is redeemed by two threads at once, one per replica, released together; a race
	 * lost by the store shows as two 200s for one code. Ten codes, so the window is hit whatever
	 * the scheduling of one round.
	 */
	@Test
	void codeWhenRedeemedTwiceAtTheSameInstantOnTwoReplicasThenExactlyOneTokenSet() throws Exception {
		VirtualKey key = VirtualKey.packed();
		this.a.enroll(key, "race@landis.example", Role.VENDOR_ENGINEER);
		TestClient browser = this.a.signIn(key);
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			for (int round = 0; round < 10; round++) {
				String verifier = CodeFlow.verifier();
				String code = CodeFlow.parameters(CodeFlow.authorize(browser, verifier).header("Location")).get("code");
				CyclicBarrier together = new CyclicBarrier(2);
				List<Future<TestClient.Response>> answers = new ArrayList<>();
				for (RunningAuthServer replica : List.of(this.a, this.b)) {
					TestClient gateway = replica.client();
					answers.add(threads.submit(() -> {
						together.await(10, TimeUnit.SECONDS);
						return CodeFlow.redeem(gateway, code, verifier);
					}));
				}
				List<Integer> statuses = new ArrayList<>();
				for (Future<TestClient.Response> answer : answers) {
					statuses.add(answer.get(30, TimeUnit.SECONDS).status());
				}

				assertThat(statuses).as("round " + round).containsExactlyInAnyOrder(200, 400);
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

	/** Spring's answer to a code used again (RFC 6749 §4.1.2) still runs behind the claim: the code's tokens are revoked. */
	@Test
	void codeWhenReplayedAfterItsRedeemThenRefusedAndItsRefreshTokenRevoked() {
		VirtualKey key = VirtualKey.packed();
		this.a.enroll(key, "reuse@landis.example", Role.VENDOR_ENGINEER);
		TestClient browser = this.a.signIn(key);
		String verifier = CodeFlow.verifier();
		String code = CodeFlow.parameters(CodeFlow.authorize(browser, verifier).header("Location")).get("code");
		TestClient.Response tokens = CodeFlow.redeem(this.a.client(), code, verifier);
		assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);

		TestClient.Response replay = CodeFlow.redeem(this.b.client(), code, verifier);

		assertThat(replay.status()).isEqualTo(400);
		assertThat(replay.oauthError()).isEqualTo("invalid_grant");
		TestClient.Response refresh = CodeFlow.refresh(this.a.client(), tokens.json().get("refresh_token").asString());
		assertThat(refresh.status()).isEqualTo(400);
		assertThat(refresh.oauthError()).isEqualTo("invalid_grant");
	}

	private long sessionsOf(String subject) {
		return this.b.bean(JdbcClient.class)
			.sql("select count(*) from spring_session where principal_name = :who")
			.param("who", subject)
			.query(Long.class)
			.single();
	}

}
