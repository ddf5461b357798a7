package io.keygate.gateway.oversize;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;

import io.keygate.gateway.testsupport.RawHttp;
import io.keygate.gateway.testsupport.RecordingAuditLog;
import io.keygate.gateway.testsupport.RecordingUpstream;
import io.keygate.gateway.testsupport.TestGateway;
import io.keygate.gateway.testsupport.TestSignin;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantStore;
import io.keygate.policy.grant.InMemoryGrantStore;
import io.keygate.testsupport.EmbeddedParent;

/**
 * Over-long request lines and header sections on a real port, byte for byte: just over Keygate's
 * limits (8 KiB line, 16 KiB headers) the gateway's filter answers; far over them (beyond Netty's
 * 32 KiB) Netty's decoder refuses and the answer is dressed on the way out. Either way: the
 * styled page with its heading, the demo banner and the way back, never a 5xx, and nothing reaches
 * the upstream.
 */
class OversizeGatewayTest {

	private static final String SUBJECT = "big@itron";

	private static RecordingUpstream upstream;

	private static GenericApplicationContext parent;

	private static TestGateway gateway;

	@BeforeAll
	static void start() {
		upstream = new RecordingUpstream();
		GrantStore store = new InMemoryGrantStore(java.time.Clock.systemUTC());
		parent = EmbeddedParent.with("grantStore", store).and("auditLog", (AuditLog) new RecordingAuditLog()).start();
		gateway = TestGateway.start(parent, TestGateway.properties(upstream, Map.of("keygate.demo", "true")));
		store.put(new Grant("g-big", SUBJECT, "itron", "head-end", "read", Instant.now().minusSeconds(60),
				Instant.now().plusSeconds(3600), "r-big", List.of("approver")));
	}

	@AfterAll
	static void stop() {
		gateway.close();
		parent.close();
		upstream.close();
	}

	@BeforeEach
	void clear() {
		upstream.clear();
	}

	/** A signed-in GET whose request line is exactly {@code lineLength} bytes long. */
	private static String lineOf(int lineLength, String accept, String extraHeader) throws Exception {
		String prefix = "GET /t/head-end/page?q=";
		String suffix = " HTTP/1.1";
		String target = "/t/head-end/page?q=" + "a".repeat(lineLength - prefix.length() - suffix.length());
		assertThat(("GET " + target + suffix).length()).isEqualTo(lineLength);
		return RawHttp.exchange(gateway.port(), "GET " + target + suffix + "\r\nHost: 127.0.0.1\r\nAccept: " + accept + "\r\n"
				+ TestSignin.SUBJECT + ": " + SUBJECT + "\r\n" + TestSignin.ORGANISATION + ": itron\r\n" + extraHeader
				+ "Connection: close\r\n\r\n");
	}

	private static String withHeader(int valueLength, String accept) throws Exception {
		return RawHttp.exchange(gateway.port(), "GET /t/head-end/page HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: " + accept + "\r\n"
				+ TestSignin.SUBJECT + ": " + SUBJECT + "\r\n" + TestSignin.ORGANISATION + ": itron\r\nX-Big: "
				+ "b".repeat(valueLength) + "\r\nConnection: close\r\n\r\n");
	}

	private static void assertStyled(String response, int status, String heading) {
		assertThat(RawHttp.status(response)).as(response.substring(0, Math.min(400, response.length()))).isEqualTo(status);
		assertThat(response.toLowerCase(java.util.Locale.ROOT)).contains("content-type: text/html;charset=utf-8");
		assertThat(response).contains("<h1>" + heading + "</h1>")
			.contains("<style>")
			.contains("id=\"demo-banner\"")
			.contains("href=\"http://portal.test/access/vendor\"")
			.doesNotContain("aaaaaaaaaa")
			.doesNotContain("Exception");
		assertThat(upstream.received()).as("requests that reached the upstream").isEmpty();
	}

	@Test
	void requestLineAtKeygateLimitThenForwarded() throws Exception {
		String response = lineOf(8 * 1024, "text/html", "");

		assertThat(RawHttp.status(response)).isEqualTo(200);
		assertThat(upstream.received()).hasSize(1);
	}

	@Test
	void requestLineJustOverKeygateLimitThenStyled414FromGateway() throws Exception {
		assertStyled(lineOf(8 * 1024 + 1, "text/html,application/xhtml+xml", ""), 414, "Address too long");
	}

	@Test
	void requestLineJustOverKeygateLimitFromApiClientThenProblemDocument() throws Exception {
		String response = lineOf(8 * 1024 + 1, "application/json", "");

		assertThat(RawHttp.status(response)).isEqualTo(414);
		assertThat(response).contains("application/problem+json").contains("\"status\":414").doesNotContain("<html");
		assertThat(upstream.received()).isEmpty();
	}

	@Test
	void requestLineFarOverNettyLimitThenStyled414FromDecoder() throws Exception {
		assertStyled(lineOf(64 * 1024, "text/html", ""), 414, "Address too long");
	}

	@Test
	void headersUnderKeygateLimitThenForwarded() throws Exception {
		String response = withHeader(12 * 1024, "text/html");

		assertThat(RawHttp.status(response)).isEqualTo(200);
		assertThat(upstream.received()).hasSize(1);
	}

	@Test
	void headersJustOverKeygateLimitThenStyled431FromGateway() throws Exception {
		assertStyled(withHeader(16 * 1024 + 1, "text/html"), 431, "Request headers too large");
	}

	@Test
	void headersFarOverNettyLimitThenStyled431FromDecoder() throws Exception {
		assertStyled(withHeader(70_000, "text/html"), 431, "Request headers too large");
	}

}
