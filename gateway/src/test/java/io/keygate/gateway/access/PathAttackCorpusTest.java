package io.keygate.gateway.access;

import io.keygate.testsupport.EmbeddedParent;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;

import io.keygate.gateway.testsupport.RawHttp;
import io.keygate.gateway.testsupport.RecordingAuditLog;
import io.keygate.gateway.testsupport.RecordingUpstream;
import io.keygate.gateway.testsupport.TestGateway;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantStore;
import io.keygate.policy.grant.InMemoryGrantStore;

/**
 * Path tricks against a grant for a narrow level ({@code GET /api/meters/**} on the head-end),
 * sent byte for byte over a raw socket so that whatever Netty, Spring and the gateway do with them
 * is what is tested. Whatever layer refuses, the upstream must receive nothing at all.
 */
class PathAttackCorpusTest {

	private static final String SUBJECT = "mallory@itron";

	private static RecordingUpstream upstream;

	private static GenericApplicationContext parent;

	private static TestGateway gateway;

	private static RecordingAuditLog audit;

	@BeforeAll
	static void start() {
		upstream = new RecordingUpstream();
		GrantStore store = new InMemoryGrantStore(java.time.Clock.systemUTC());
		audit = new RecordingAuditLog();
		parent = EmbeddedParent.with("grantStore", store)
			.and("auditLog", (AuditLog) audit)
			.start();
		gateway = TestGateway.start(parent, TestGateway.properties(upstream, Map.of()));
		store.put(new Grant("g-narrow", SUBJECT, "itron", "head-end", "narrow", Instant.now().minusSeconds(60),
				Instant.now().plusSeconds(3600), "r-1", List.of("approver")));
	}

	@AfterAll
	static void stop() {
		gateway.close();
		parent.close();
		upstream.close();
	}

	/**
	 * Raw request targets, as they go on the wire (ISO-8859-1 bytes; UTF-8 sequences spelled out).
	 * Observed refusals: Spring Security's reactive firewall answers 400 to most encoded or dotted
	 * tricks before the gateway sees them, Netty 414 to the over-long line, and the policy 403
	 * (MALFORMED_REQUEST, PATH_NOT_ALLOWED or UNKNOWN_TARGET) to the rest.
	 */
	static Map<String, String> corpus() {
		Map<String, String> attacks = new LinkedHashMap<>();
		String base = "/t/head-end/api/meters";
		attacks.put("dot-dot segments", base + "/../../admin");
		attacks.put("encoded dot-dot", base + "/%2e%2e/%2e%2e/admin");
		attacks.put("mixed-case encoded dot-dot", base + "/%2E%2e/admin");
		attacks.put("half-encoded dot-dot", base + "/.%2e/admin");
		attacks.put("encoded slash traversal", base + "/..%2f..%2fadmin");
		attacks.put("fully encoded traversal", base + "%2f%2e%2e%2f%2e%2e%2fadmin");
		attacks.put("double-encoded dot-dot", base + "/%252e%252e/%252e%252e/admin");
		attacks.put("double-encoded slash", base + "/..%252f..%252fadmin");
		attacks.put("backslash", base + "/..\\..\\admin");
		attacks.put("encoded backslash", base + "/..%5c..%5cadmin");
		attacks.put("Tomcat dot-dot-semicolon", base + "/..;/..;/admin");
		attacks.put("matrix parameter", base + ";jsessionid=x/../../admin");
		attacks.put("encoded semicolon", base + "/x%3b/../admin");
		attacks.put("duplicate slashes", "/t/head-end//admin");
		attacks.put("duplicate slashes inside", base + "//..//..//admin");
		attacks.put("trailing dot segment", base + "/x/..");
		attacks.put("trailing dot name (Windows)", "/t/head-end/api/meters./x");
		attacks.put("dot-dot space (Windows)", base + "/..%20/admin");
		attacks.put("NUL byte", base + "/%00/../admin");
		attacks.put("encoded control character", base + "/x%0d%0aX-Injected:%201");
		attacks.put("overlong UTF-8 dot", base + "/%c0%ae%c0%ae/admin");
		attacks.put("overlong UTF-8 slash", base + "/..%c0%af..%c0%afadmin");
		attacks.put("fullwidth solidus", base + "/..%ef%bc%8f..%ef%bc%8fadmin");
		attacks.put("raw UTF-8 two-dot leader", base + "/" + utf8("\u2025") + "/admin");
		attacks.put("raw UTF-8 fullwidth dots", base + "/" + utf8("\uff0e\uff0e") + "/admin");
		attacks.put("malformed escape", base + "/%zz/../admin");
		attacks.put("truncated escape", base + "/%2");
		attacks.put("over-long path", base + "/" + "a".repeat(5000));
		attacks.put("encoded target segment", "/t/head%2dend/api/meters/1");
		attacks.put("traversal to another target", "/t/head-end/../mdm/readings");
		attacks.put("traversal out of a target", "/t/mdm/../head-end/api/meters/1");
		attacks.put("absolute-form to the upstream", "http://127.0.0.1:" + upstream.url().replaceAll(".*:", "") + "/admin");
		attacks.put("absolute-form through the gateway", "http://evil.example/t/head-end/admin");
		attacks.put("fragment", base + "/x#/../../admin");
		return attacks;
	}

	private static String utf8(String text) {
		return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
	}

	@Test
	void narrowGrantWhenPlainPathThenForwarded() throws Exception {
		upstream.clear();
		String response = RawHttp.get(gateway.port(), "/t/head-end/api/meters/42", SUBJECT, "itron");
		assertThat(RawHttp.status(response)).isEqualTo(200);
		assertThat(upstream.last().uri()).isEqualTo("/api/meters/42");
		upstream.clear();
	}

	@Test
	void narrowGrantWhenPathAttackCorpusSentThenEachRefusedAndUpstreamReceivesNothing() throws Exception {
		upstream.clear();
		List<String> outcomes = new ArrayList<>();
		List<String> leaks = new ArrayList<>();
		for (Map.Entry<String, String> attack : corpus().entrySet()) {
			String response = RawHttp.get(gateway.port(), attack.getValue(), SUBJECT, "itron");
			int status = RawHttp.status(response);
			outcomes.add(attack.getKey() + " -> " + (status < 0 ? "connection closed" : status));
			if (!(status == 400 || status == 403 || status == 404 || status == 414 || status < 0)) {
				leaks.add(attack.getKey() + " answered " + status);
			}
		}
		System.out.println("Path attack corpus outcomes:\n  " + String.join("\n  ", outcomes));
		assertThat(leaks).as("attacks not refused with 400/403/404").isEmpty();
		assertThat(upstream.received().stream().map(RecordingUpstream.Received::uri).toList())
			.as("requests that reached the upstream")
			.isEmpty();
	}

}
