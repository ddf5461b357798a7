package io.keygate.gateway.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

class PlainFilterChainTest {

	private final List<String> calls = new ArrayList<>();

	private final ServerWebExchange exchange = MockServerWebExchange
		.from(MockServerHttpRequest.method(HttpMethod.GET, URI.create("http://gw.test/t/head-end/x")).build());

	private WebFilter passing(String name) {
		return (exchange, chain) -> {
			this.calls.add(name);
			return chain.filter(exchange);
		};
	}

	private WebFilterChain end() {
		return exchange -> Mono.fromRunnable(() -> this.calls.add("end"));
	}

	@Test
	void filterWhenEveryFilterPassesThenEachRunsOnceInOrderThenTheEnd() {
		new PlainFilterChain.Decorator().decorate(end(), List.of(passing("a"), passing("b"), passing("c")))
			.filter(this.exchange)
			.block();
		assertThat(this.calls).containsExactly("a", "b", "c", "end");
	}

	@Test
	void filterWhenAFilterAnswersItselfThenTheRestAndTheEndNeverRun() {
		WebFilter answering = (exchange, chain) -> Mono.fromRunnable(() -> this.calls.add("answered"));
		new PlainFilterChain.Decorator().decorate(end(), List.of(passing("a"), answering, passing("c")))
			.filter(this.exchange)
			.block();
		assertThat(this.calls).containsExactly("a", "answered");
	}

	@Test
	void filterWhenNotSubscribedThenNothingRuns() {
		Mono<Void> assembled = new PlainFilterChain.Decorator().decorate(end(), List.of(passing("a"))).filter(this.exchange);
		assertThat(this.calls).isEmpty();
		assembled.block();
		assertThat(this.calls).containsExactly("a", "end");
	}

	@Test
	void filterWhenNoFiltersThenTheEnd() {
		new PlainFilterChain.Decorator().decorate(end(), List.of()).filter(this.exchange).block();
		assertThat(this.calls).containsExactly("end");
	}

}
