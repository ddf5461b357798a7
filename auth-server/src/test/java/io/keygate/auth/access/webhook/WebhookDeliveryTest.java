package io.keygate.auth.access.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.keygate.auth.access.RequestSubmission;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.identity.Role;

/**
 * The outgoing webhook against a real HTTP server started here: the receiver fails twice, then
 * accepts; the event arrives on the third attempt with a signature the receiver can check.
 */
@SpringBootTest(properties = { "keygate.catalog=classpath:io/keygate/testsupport/test-catalog.yml",
		"keygate.access.webhook.secret=0123456789abcdef0123456789abcdef-test", "keygate.access.webhook.initial-backoff=PT0.2S",
		"keygate.access.webhook.max-backoff=PT1S", "keygate.access.webhook.poll-interval=PT0.1S",
		"keygate.access.webhook.max-attempts=5" })
@ActiveProfiles("test")
class WebhookDeliveryTest {

	static final String SECRET = "0123456789abcdef0123456789abcdef-test";

	record Received(String body, String signature, String timestamp, String event) {
	}

	static final List<Received> received = new CopyOnWriteArrayList<>();

	static final AtomicInteger failuresLeft = new AtomicInteger();

	static final HttpServer receiver = start();

	static HttpServer start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.createContext("/hook", exchange -> {
				try (InputStream in = exchange.getRequestBody()) {
					String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
					if (failuresLeft.getAndDecrement() > 0) {
						exchange.sendResponseHeaders(503, -1);
						return;
					}
					received.add(new Received(body, exchange.getRequestHeaders().getFirst(WebhookDispatcher.SIGNATURE_HEADER),
							exchange.getRequestHeaders().getFirst(WebhookDispatcher.TIMESTAMP_HEADER),
							exchange.getRequestHeaders().getFirst("X-Keygate-Event")));
					exchange.sendResponseHeaders(204, -1);
				}
				finally {
					exchange.close();
				}
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@DynamicPropertySource
	static void webhook(DynamicPropertyRegistry registry) {
		registry.add("keygate.access.webhook.url", () -> "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
	}

	@AfterAll
	static void stop() {
		receiver.stop(0);
	}

	@Autowired
	RequestSubmission submission;

	@Autowired
	WebhookOutbox outbox;

	@Autowired
	JdbcClient jdbc;

	@Test
	void submitWhenReceiverFailsTwiceThenDeliveredOnThirdAttemptWithValidSignature() {
		failuresLeft.set(2);
		received.clear();
		Actor vendor = Actor.of("webhook-vendor", "itron", Role.VENDOR_ENGINEER);

		String requestId = this.submission.submit(vendor, new RequestSubmission.Submission("head-end", "read", Optional.empty(),
				Duration.ofMinutes(30), "page the approvers", "INC-1"), "192.0.2.1").id();

		await().atMost(Duration.ofSeconds(20)).until(() -> !received.isEmpty());
		Received delivery = received.get(0);
		assertThat(delivery.event()).isEqualTo("request.submitted");
		assertThat(delivery.body()).contains(requestId).contains("\"type\":\"request.submitted\"");
		assertThat(delivery.signature())
			.isEqualTo("sha256=" + WebhookDispatcher.sign(SECRET, delivery.timestamp(), delivery.body()));
		assertThat(delivery.signature()).isNotEqualTo("sha256=" + WebhookDispatcher.sign("wrong-secret-wrong-secret-wrong-secret",
				delivery.timestamp(), delivery.body()));
		String outboxId = this.jdbc.sql("select id from webhook_outbox where payload like :p")
			.param("p", "%" + requestId + "%")
			.query(String.class)
			.single();
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.outbox.status(outboxId)).hasValueSatisfying(status -> {
				assertThat(status.get("delivered")).isEqualTo(true);
				assertThat(status.get("attempts")).isEqualTo(3);
			}));
	}

	@Test
	void deliverWhenReceiverKeepsFailingThenAbandonedAfterMaxAttemptsWithTheLastError() {
		failuresLeft.set(1000);
		received.clear();
		this.outbox.enqueue("test.event", java.util.Map.of("n", 1));
		String outboxId = this.jdbc.sql("select id from webhook_outbox where event_type = 'test.event'")
			.query(String.class)
			.single();

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.outbox.status(outboxId)).hasValueSatisfying(status -> {
				assertThat(status.get("failed")).isEqualTo(true);
				assertThat(status.get("delivered")).isEqualTo(false);
				assertThat(status.get("attempts")).isEqualTo(5);
				assertThat(status.get("lastError")).isEqualTo("HTTP 503");
			}));
		assertThat(received).isEmpty();
		failuresLeft.set(0);
	}

	@Test
	void backoffWhenAttemptsGrowThenDoublesUpToTheCap() {
		WebhookProperties properties = new WebhookProperties(null, null, 8, Duration.ofSeconds(5), Duration.ofSeconds(30),
				Duration.ofSeconds(2), Duration.ofSeconds(10));

		assertThat(properties.backoffAfter(1)).isEqualTo(Duration.ofSeconds(5));
		assertThat(properties.backoffAfter(2)).isEqualTo(Duration.ofSeconds(10));
		assertThat(properties.backoffAfter(3)).isEqualTo(Duration.ofSeconds(20));
		assertThat(properties.backoffAfter(4)).isEqualTo(Duration.ofSeconds(30));
		assertThat(properties.backoffAfter(9)).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void propertiesWhenUrlWithoutSecretThenStartupRefusedNamingTheProperty() {
		org.assertj.core.api.Assertions
			.assertThatThrownBy(() -> new WebhookProperties(java.net.URI.create("https://pager.example/hook"), null, 8,
					Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofSeconds(10)))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("keygate.access.webhook.secret");
	}

}
