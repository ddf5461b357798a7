package io.keygate.gateway.home;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import io.keygate.policy.grant.GrantLookup;
import io.keygate.policy.grant.GrantStore;
import io.keygate.policy.grant.InMemoryGrantStore;
import io.keygate.policy.testsupport.MutableClock;
import io.keygate.testsupport.EmbeddedParent;

/** The pages the gateway serves itself: its landing page and its refusals, on a real port. */
class GatewayPagesTest {

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

	private static Grant put(String subject) {
		Grant grant = new Grant("g-" + subject.replace('@', '-'), subject, "itron", "head-end", "read", START.minusSeconds(60),
				START.plusSeconds(1800), "r-" + subject, List.of("ann"));
		assertThat(store.put(grant)).isEqualTo(GrantStore.PutResult.STORED);
		return grant;
	}

	private static HttpResponse<String> get(String subject, String path) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create(gateway.url() + path))
			.header(TestSignin.SUBJECT, subject)
			.header(TestSignin.ORGANISATION, "itron")
			.header("Accept", "text/html")
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void rootWhenPersonHoldsLiveGrantThenLandingPageLinksIntoTarget() throws Exception {
		put("home-vendor@itron");

		HttpResponse<String> page = get("home-vendor@itron", "/");

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("<h1>Your access</h1>")
			.contains("href=\"/t/head-end/\"")
			.contains("<td>read</td>")
			.contains("id=\"my-access\"")
			.doesNotContain("Whitelabel")
			.doesNotContain("decoy");
	}

	@Test
	void rootWhenPersonHoldsNothingThenSaysSoAndLinksToPortal() throws Exception {
		HttpResponse<String> page = get("nobody-yet@itron", "/");

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("You have no live access right now.")
			.doesNotContain("href=\"/t/");
	}

	@Test
	void targetWhenHolderEndedOwnGrantThenStyledYourAccessEndedPageWithWayBack() throws Exception {
		Grant grant = put("done-vendor@itron");
		store.revoke(grant.id(), GrantLookup.Revoked.ENDED_BY_HOLDER);

		HttpResponse<String> page = get("done-vendor@itron", "/t/head-end/page");

		assertThat(page.statusCode()).isEqualTo(403);
		assertThat(page.body()).contains("<h1>Your access ended</h1>")
			.contains("Your access has ended.")
			.contains("Reason: ENDED")
			.contains("<style>")
			.contains("/access/vendor\">My access in the portal</a>")
			.doesNotContain("REVOKED");
	}

	@Test
	void targetWhenGrantRevokedThenStyledRefusalSaysRevoked() throws Exception {
		Grant grant = put("cut-vendor@itron");
		store.revoke(grant.id(), "stolen laptop");

		HttpResponse<String> page = get("cut-vendor@itron", "/t/head-end/page");

		assertThat(page.statusCode()).isEqualTo(403);
		assertThat(page.body()).contains("<h1>Access refused</h1>").contains("Reason: REVOKED").contains("id=\"my-access\"");
	}

}
