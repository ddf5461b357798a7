package io.keygate.gateway.session.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.keygate.gateway.testsupport.RecordingUpstream;
import io.keygate.gateway.testsupport.TestGateway;
import io.keygate.gateway.testsupport.TestIntegrityKeys;
import io.keygate.gateway.testsupport.TestOidcProvider;
import io.keygate.grantstore.redis.RedisGrantStore;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantStore;
import io.keygate.testsupport.RedisTestServer;
import io.lettuce.core.RedisURI;
import io.lettuce.core.codec.ByteArrayCodec;

/**
 * The idle limit of a shared browser session reaches the WebSockets it opened through another
 * instance: a console on the second gateway stays open while the browser's requests all go to the
 * first (each renews the session in Redis), and closes once the browser stops and the shared session
 * passes its idle limit. Without the shared check the second gateway, which sees no request, would
 * close the console at its own idle deadline. Real time with a short idle limit.
 */
class SharedIdleLimitAcrossGatewaysTest {

	private static final Duration IDLE = Duration.ofSeconds(5);

	private static RedisTestServer redis;

	private static TestOidcProvider provider;

	private static RecordingUpstream upstream;

	private static GrantStore grants;

	private static TestGateway first;

	private static TestGateway second;

	@BeforeAll
	static void start() throws Exception {
		redis = RedisTestServer.startPrivateWithPassword("keygate", UUID.randomUUID().toString().replace("-", ""));
		provider = new TestOidcProvider();
		upstream = new RecordingUpstream();
		grants = new RedisGrantStore(redis.uri(), Clock.systemUTC(), "keygate", TestIntegrityKeys.storeIntegrity());
		first = TestGateway.start(null, TestGateway.properties(upstream, distributed("gw-first")), false);
		second = TestGateway.start(null, TestGateway.properties(upstream, distributed("gw-second")), false);
	}

	private static Map<String, Object> distributed(String instanceId) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("keygate.grant-store.kind", "redis");
		properties.put("keygate.grant-store.redis-url", redis.url());
		properties.put("keygate.grant-store.key-prefix", "keygate");
		properties.put("keygate.gateway.live.instance-id", instanceId);
		properties.put("keygate.gateway.signin.issuer", provider.issuer());
		properties.put("spring.security.oauth2.client.registration.keygate.client-id", TestOidcProvider.CLIENT_ID);
		properties.put("spring.security.oauth2.client.registration.keygate.client-secret", TestOidcProvider.CLIENT_SECRET);
		properties.put("keygate.gateway.signin.max-auth-age", "PT5M");
		properties.put("keygate.gateway.signin.idle-timeout", IDLE.toString());
		properties.putAll(TestIntegrityKeys.properties());
		return properties;
	}

	@AfterAll
	static void stop() {
		for (AutoCloseable closeable : new AutoCloseable[] { first, second, grants, upstream, provider, redis }) {
			if (closeable != null) {
				try {
					closeable.close();
				}
				catch (Exception ex) {
					// keep closing the others
				}
			}
		}
	}

	@Test
	void requestsWhenAllOnFirstGatewayThenConsoleOnSecondLivesUntilSharedSessionIdles() throws Exception {
		SharedSessionsAcrossGatewaysTest.Browser browser = SharedSessionsAcrossGatewaysTest.signedInOn(grants, provider, first);
		try (SharedSessionsAcrossGatewaysTest.Console console = new SharedSessionsAcrossGatewaysTest.Console(browser, second)) {
			Instant keepBusyUntil = Instant.now().plus(IDLE.multipliedBy(3));
			int request = 0;
			while (Instant.now().isBefore(keepBusyUntil)) {
				assertThat(SharedSessionsAcrossGatewaysTest.get(browser, first.url() + "/t/head-end/api/meters/" + ++request)
					.statusCode()).isEqualTo(200);
				// The browser's pace: well inside the idle limit, so the shared session never idles.
				Thread.sleep(IDLE.toMillis() / 5);
				assertThat(console.closeCode.get()).as("console closed although the browser session is in use").isNull();
			}
			await().atMost(IDLE.multipliedBy(4)).until(() -> console.closeCode.get() != null);
			assertThat(console.closeCode.get()).isEqualTo(1008);
		}
	}

}
