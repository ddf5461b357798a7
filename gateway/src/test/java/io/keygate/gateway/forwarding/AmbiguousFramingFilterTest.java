package io.keygate.gateway.forwarding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * Netty already answers 400 to Content-Length with Transfer-Encoding (see the end-to-end test);
 * this filter is the backstop should a server in front ever pass such a request through.
 */
class AmbiguousFramingFilterTest {

	private final AmbiguousFramingFilter filter = new AmbiguousFramingFilter();

	@Test
	void filterWhenContentLengthAndTransferEncodingThenBadRequestAndChainNotCalled() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/t/head-end/x")
			.header("Content-Length", "4")
			.header("Transfer-Encoding", "chunked"));
		AtomicBoolean called = new AtomicBoolean();
		this.filter.filter(exchange, e -> {
			called.set(true);
			return Mono.empty();
		}).block();
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(called).isFalse();
	}

	@Test
	void filterWhenTwoContentLengthsThenBadRequest() {
		MockServerWebExchange exchange = MockServerWebExchange.from(
				MockServerHttpRequest.post("/t/head-end/x").header("Content-Length", "4", "5"));
		this.filter.filter(exchange, e -> Mono.empty()).block();
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
	}

	@Test
	void filterWhenOnlyContentLengthThenPassed() {
		MockServerWebExchange exchange = MockServerWebExchange.from(
				MockServerHttpRequest.post("/t/head-end/x").header("Content-Length", "4"));
		AtomicBoolean called = new AtomicBoolean();
		this.filter.filter(exchange, e -> {
			called.set(true);
			return Mono.empty();
		}).block();
		assertThat(called).isTrue();
	}

}
