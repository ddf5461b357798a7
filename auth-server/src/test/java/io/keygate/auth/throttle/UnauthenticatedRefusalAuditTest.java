package io.keygate.auth.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.keygate.auth.testsupport.Ceremonies;
import io.keygate.auth.testsupport.KeygateHttpTest;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.identity.Role;
import io.keygate.policy.testsupport.MutableClock;
import io.keygate.testsupport.TestClient;
import io.keygate.testsupport.VirtualKey;

/**
 * Refusals anyone can cause without signing in do not write one audit row each: 500 enrollment
 * links with made-up tokens, or 30 sign-ins with a key nobody registered, from one address write
 * the first refusal in full and, when the interval ends, one summary that carries the count. The
 * client's answers are exactly what they were.
 */
@Import(UnauthenticatedRefusalAuditTest.Clocks.class)
class UnauthenticatedRefusalAuditTest extends KeygateHttpTest {

	private static final SecureRandom RANDOM = new SecureRandom();

	/** The interval ends when the test moves this clock, not when a slow machine happens to take long. */
	@TestConfiguration(proxyBeanMethods = false)
	static class Clocks {

		@Bean
		@Primary
		MutableClock testClock() {
			return MutableClock.at(Instant.now());
		}

	}

	@DynamicPropertySource
	static void interval(DynamicPropertyRegistry registry) {
		registry.add("keygate.audit.unauthenticated.interval", () -> "PT1M");
		registry.add("keygate.audit.unauthenticated.flush-every", () -> "PT0.2S");
	}

	@Autowired
	MutableClock clock;

	private List<AuditEvent> since(String action, Instant start) {
		return this.audit.latestByAction(action, 2000).stream().filter(event -> !event.entry().at().isBefore(start)).toList();
	}

	private AuditEvent awaitSummaryOf(String action, Instant start) {
		assertThat(since("unauthenticated.refusals.summary", start)).as("no summary before the interval ends")
			.noneMatch(event -> event.entry().reason().equals(action));
		this.clock.advance(Duration.ofMinutes(2));
		await().atMost(Duration.ofSeconds(20)).until(() -> since("unauthenticated.refusals.summary", start).stream()
			.anyMatch(event -> event.entry().reason().equals(action)));
		return since("unauthenticated.refusals.summary", start).stream()
			.filter(event -> event.entry().reason().equals(action))
			.findFirst()
			.orElseThrow();
	}

	@Test
	void enrollLinkWhen500RandomTokensThenSameRefusalEachTimeAndAHandfulOfRowsWithTheCountInTheSummary() {
		Instant start = this.clock.instant();
		TestClient client = client();
		Set<String> answers = new TreeSet<>();
		for (int i = 0; i < 500; i++) {
			TestClient.Response response = client.get("/enroll?token=" + HexFormat.of().formatHex(randomBytes(24)));
			answers.add(response.status() + " " + response.body().contains("This enrollment link is not valid."));
		}
		// The refusal the client sees is the same every time (one status, one page).
		assertThat(answers).hasSize(1);
		assertThat(answers).containsExactly("404 true");

		AuditEvent summary = awaitSummaryOf("enrollment.refused", start);
		assertThat(since("enrollment.refused", start)).hasSize(1);
		assertThat(summary.entry().details()).containsEntry("count", "500").containsEntry("source", "127.0.0.1");
		assertThat(summary.entry().details().get("reasons")).contains("INVITATION_UNKNOWN=500");
		assertThat(since("enrollment.refused", start).size() + since("unauthenticated.refusals.summary", start).size())
			.as("audit rows written for 500 refusals").isLessThanOrEqualTo(3);
	}

	@Test
	void signInWhen30AttemptsWithAnUnregisteredKeyThenOneRowAndASummaryWithTheCount() {
		Instant start = this.clock.instant();
		// A key that exists (its registration options were answered) but was never enrolled.
		VirtualKey stranger = VirtualKey.packed();
		TestClient registering = client();
		stranger.create(registering.post("/enroll/options", Map.of("token", invite("ghost@vendor.example", Role.VENDOR_ENGINEER).token()))
			.json());
		for (int i = 0; i < 30; i++) {
			TestClient.Response response = Ceremonies.signIn(client(), stranger);
			assertThat(response.status()).isEqualTo(401);
		}
		AuditEvent summary = awaitSummaryOf("webauthn.signin.refused", start);
		assertThat(since("webauthn.signin.refused", start)).hasSize(1);
		assertThat(summary.entry().details()).containsEntry("count", "30");
		assertThat(summary.entry().details().get("reasons")).contains("UNKNOWN_CREDENTIAL=30");
	}

	private static byte[] randomBytes(int length) {
		byte[] bytes = new byte[length];
		RANDOM.nextBytes(bytes);
		return bytes;
	}

}
