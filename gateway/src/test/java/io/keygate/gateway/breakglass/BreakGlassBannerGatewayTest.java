package io.keygate.gateway.breakglass;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.support.GenericApplicationContext;

import io.keygate.gateway.testsupport.RecordingAuditLog;
import io.keygate.gateway.testsupport.RecordingUpstream;
import io.keygate.gateway.testsupport.TestGateway;
import io.keygate.gateway.testsupport.TestSignin;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantStore;
import io.keygate.policy.grant.InMemoryGrantStore;
import io.keygate.policy.testsupport.MutableClock;
import io.keygate.testsupport.EmbeddedParent;

/**
 * The red banner through the whole gateway, on a real port with a real upstream page: a
 * break-glass session's page carries it (with a correct length), an approved session's does not.
 */
class BreakGlassBannerGatewayTest {

	private static final Instant START = Instant.now();

	private static RecordingUpstream upstream;

	private static GrantStore store;

	private static GenericApplicationContext parent;

	private static TestGateway gateway;

	private static final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void start() {
		upstream = new RecordingUpstream();
		MutableClock clock = MutableClock.at(START);
		store = new InMemoryGrantStore(clock);
		parent = EmbeddedParent.with("clock", clock)
			.and("grantStore", store)
			.and("gatewayAuditLog", (AuditLog) new RecordingAuditLog())
			.start();
		gateway = TestGateway.start(parent, TestGateway.properties(upstream, Map.of()));
		upstream.page("<!DOCTYPE html><html><head><title>Head-end</title></head><body><h1>Meters</h1></body></html>");
	}

	@AfterAll
	static void stop() {
		gateway.close();
		parent.close();
		upstream.close();
	}

	@Test
	void pageWhenSessionIsBreakGlassThenRedBannerShownAndLengthMatches() throws Exception {
		put("bg-vendor@itron", Grant.BREAK_GLASS_PREFIX + "r-1");

		HttpResponse<byte[]> response = page("bg-vendor@itron");

		String body = new String(response.body(), StandardCharsets.UTF_8);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(body).contains("<body><div id=\"keygate-break-glass\" role=\"alert\"")
			.contains("BREAK-GLASS emergency access")
			.endsWith("<h1>Meters</h1></body></html>");
		assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(response.body().length);
		assertThat(response.headers().firstValue(BreakGlassBannerFilter.HEADER)).isPresent();
	}

	@Test
	void pageWhenSessionWasApprovedThenNoBanner() throws Exception {
		put("ok-vendor@itron", "r-2");

		HttpResponse<byte[]> response = page("ok-vendor@itron");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(new String(response.body(), StandardCharsets.UTF_8)).doesNotContain("keygate-break-glass").contains("<h1>Meters</h1>");
		assertThat(response.headers().firstValue(BreakGlassBannerFilter.HEADER)).isEmpty();
	}

	private static void put(String subject, String requestId) {
		Grant grant = new Grant("g-" + subject.replace('@', '-'), subject, "itron", "head-end", "read", START.minusSeconds(60),
				START.plusSeconds(1800), requestId, List.of());
		assertThat(store.put(grant)).isEqualTo(GrantStore.PutResult.STORED);
	}

	private static HttpResponse<byte[]> page(String subject) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create(gateway.url() + "/t/head-end/page"))
			.header(TestSignin.SUBJECT, subject)
			.header(TestSignin.ORGANISATION, "itron")
			.header("Accept", "text/html")
			.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

}
