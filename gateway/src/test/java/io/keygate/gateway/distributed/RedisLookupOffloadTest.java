package io.keygate.gateway.distributed;

import io.keygate.testsupport.EmbeddedParent;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;

import io.keygate.gateway.testsupport.LookupThreads;
import io.keygate.gateway.testsupport.RecordingUpstream;
import io.keygate.gateway.testsupport.TestGateway;
import io.keygate.gateway.testsupport.TestIntegrityKeys;
import io.keygate.gateway.testsupport.TestSignin;
import io.keygate.policy.grant.CachingGrantStore;
import io.keygate.policy.grant.Grant;
import io.keygate.grantstore.redis.RedisGrantStore;
import io.keygate.testsupport.RedisTestServer;

/**
 * The Redis store behind the near cache, with the calls that reach Redis observed: every one runs
 * off the event loop (a miss is decided on the bounded elastic scheduler), while repeated requests
 * are answered from the cache without going to Redis at all.
 */
class RedisLookupOffloadTest {

	private static final String PREFIX = "gw-offload-" + UUID.randomUUID().toString().substring(0, 8);

	private static RedisTestServer redis;

	private static RecordingUpstream upstream;

	private static LookupThreads redisCalls;

	private static CachingGrantStore cache;

	private static GenericApplicationContext parent;

	private static TestGateway gateway;

	@BeforeAll
	static void start() {
		redis = RedisTestServer.sharedWithPassword();
		upstream = new RecordingUpstream();
		redisCalls = new LookupThreads(new RedisGrantStore(redis.uri(), Clock.systemUTC(), PREFIX, TestIntegrityKeys.storeIntegrity()));
		cache = new CachingGrantStore(redisCalls, Clock.systemUTC());
		parent = EmbeddedParent.with("grantStore", cache)
			.start();
		gateway = TestGateway.start(parent, TestGateway.properties(upstream, Map.of()));
	}

	@AfterAll
	static void stop() {
		gateway.close();
		parent.close();
		cache.close();
		upstream.close();
	}

	@Test
	void lookupWhenCacheMissThenRedisCalledOffTheEventLoopAndWhenHitThenNotCalled() throws Exception {
		String subject = "offload@itron";
		cache.put(new Grant("g-offload", subject, "itron", "head-end", "read", Instant.now().minusSeconds(60),
				Instant.now().plusSeconds(3600), "r-1", List.of("approver")));
		HttpClient http = HttpClient.newHttpClient();
		for (int i = 0; i < 20; i++) {
			HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(gateway.url() + "/t/head-end/api/meters/" + i))
				.header(TestSignin.SUBJECT, subject)
				.header(TestSignin.ORGANISATION, "itron")
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
		}
		assertThat(redisCalls.lookups()).as("lookups that went to Redis").isBetween(1, 2);
		assertThat(cache.hits()).isGreaterThanOrEqualTo(18);
		assertThat(redisCalls.lookupsOnEventLoop()).isEmpty();
	}

}
