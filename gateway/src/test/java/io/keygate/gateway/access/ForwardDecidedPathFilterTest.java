package io.keygate.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * A request that reaches routing without an access decision is a bug: it is never forwarded, and
 * it fails so that the access filter denies it in the one refusal shape instead of answering a
 * bare status of its own.
 */
class ForwardDecidedPathFilterTest {

	@Test
	void filterWhenNoDecisionThenErrorAndNothingForwarded() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/t/head-end/x"));
		AtomicBoolean forwarded = new AtomicBoolean();

		StepVerifier.create(new ForwardDecidedPathFilter().filter(exchange, e -> {
			forwarded.set(true);
			return Mono.empty();
		})).expectErrorSatisfies(ex -> assertThat(ex).isInstanceOf(IllegalStateException.class).hasMessageContaining("(this is a bug)"))
			.verify();

		assertThat(forwarded).isFalse();
		assertThat(exchange.getResponse().getStatusCode()).isNull();
	}

}
