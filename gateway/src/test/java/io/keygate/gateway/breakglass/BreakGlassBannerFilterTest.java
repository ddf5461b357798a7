package io.keygate.gateway.breakglass;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import io.keygate.gateway.access.DecidedRequest;
import io.keygate.gateway.access.Identity;
import io.keygate.policy.catalog.TargetCatalogFile;
import io.keygate.policy.catalog.WebSocketMode;
import io.keygate.policy.decision.Decision;
import io.keygate.policy.grant.Grant;
import io.keygate.testsupport.TestCatalog;

/** The red banner: on a break-glass session's HTML pages only, after the body tag, with the length fixed. */
class BreakGlassBannerFilterTest {

	static final Instant START = Instant.parse("2026-11-24T10:00:00Z");

	@Test
	void filterWhenBreakGlassGrantServesHtmlThenBannerAfterBodyTagAndLengthUpdated() {
		MockServerWebExchange exchange = exchange(grant(Grant.BREAK_GLASS_PREFIX + "r1"));

		StepVerifier.create(new BreakGlassBannerFilter().filter(exchange, html("<html><body class=\"x\"><h1>Head-end</h1></body></html>")))
			.verifyComplete();

		String body = exchange.getResponse().getBodyAsString().block();
		assertThat(body).startsWith("<html><body class=\"x\"><div id=\"keygate-break-glass\" role=\"alert\"")
			.contains("BREAK-GLASS emergency access")
			.contains("Ends at 10:30 UTC.")
			.endsWith("</div><h1>Head-end</h1></body></html>");
		assertThat(exchange.getResponse().getHeaders().getContentLength()).isEqualTo(body.getBytes(StandardCharsets.UTF_8).length);
		assertThat(exchange.getResponse().getHeaders().getFirst(BreakGlassBannerFilter.HEADER)).isEqualTo("g1");
	}

	@Test
	void filterWhenOrdinaryGrantThenPageUntouched() {
		MockServerWebExchange exchange = exchange(grant("request-1"));

		StepVerifier.create(new BreakGlassBannerFilter().filter(exchange, html("<html><body>ok</body></html>"))).verifyComplete();

		assertThat(exchange.getResponse().getBodyAsString().block()).isEqualTo("<html><body>ok</body></html>");
		assertThat(exchange.getResponse().getHeaders().containsHeader(BreakGlassBannerFilter.HEADER)).isFalse();
	}

	@Test
	void filterWhenBreakGlassButCompressedOrNotHtmlThenBodyPassedThroughButHeaderSet() {
		MockServerWebExchange exchange = exchange(grant(Grant.BREAK_GLASS_PREFIX + "r1"));

		StepVerifier.create(new BreakGlassBannerFilter().filter(exchange, e -> {
			e.getResponse().getHeaders().setContentType(MediaType.APPLICATION_JSON);
			return e.getResponse().writeWith(Mono.just(e.getResponse().bufferFactory().wrap("{\"a\":1}".getBytes(StandardCharsets.UTF_8))));
		})).verifyComplete();

		assertThat(exchange.getResponse().getBodyAsString().block()).isEqualTo("{\"a\":1}");
		assertThat(exchange.getResponse().getHeaders().getFirst(BreakGlassBannerFilter.HEADER)).isEqualTo("g1");
	}

	@Test
	void injectWhenNoBodyTagThenBannerFirst() {
		byte[] out = BreakGlassBannerFilter.inject("<p>fragment</p>".getBytes(StandardCharsets.UTF_8), grant(Grant.BREAK_GLASS_PREFIX + "r"));
		assertThat(new String(out, StandardCharsets.UTF_8)).startsWith("<div id=\"keygate-break-glass\"").endsWith("</div><p>fragment</p>");
	}

	private static Grant grant(String requestId) {
		return new Grant("g1", "val", "itron", "head-end", "read", START, START.plusSeconds(1800), requestId, List.of());
	}

	private static MockServerWebExchange exchange(Grant grant) {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/t/head-end/"));
		exchange.getAttributes()
			.put(DecidedRequest.ATTRIBUTE, new DecidedRequest(TargetCatalogFile.parse(TestCatalog.yaml("http://127.0.0.1:9100"), "test").find("head-end").orElseThrow(),
					new Identity("val", "itron"), new Decision.Allow(grant, "/", WebSocketMode.NONE)));
		return exchange;
	}

	private static GatewayFilterChain html(String page) {
		return e -> {
			HttpHeaders headers = e.getResponse().getHeaders();
			headers.setContentType(MediaType.TEXT_HTML);
			headers.setContentLength(page.length());
			return e.getResponse().writeWith(Mono.just(e.getResponse().bufferFactory().wrap(page.getBytes(StandardCharsets.UTF_8))));
		};
	}

}
