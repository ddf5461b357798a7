package io.keygate.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.web.server.ResponseStatusException;

import reactor.test.StepVerifier;

/**
 * What fails outside the access filter is answered as a deny in the one shape: a 403 problem
 * document whose code is a {@code DenyReason}; a bug tells the client nothing more than
 * MALFORMED_REQUEST. Spring Security's exceptions are not this handler's to answer.
 */
class DenyingErrorHandlerTest {

	private final DenyingErrorHandler handler = new DenyingErrorHandler(new DenyResponse(URI.create("http://portal.test")));

	private static MockServerWebExchange apiCall(String path) {
		return MockServerWebExchange.from(MockServerHttpRequest.get(path).accept(MediaType.APPLICATION_JSON));
	}

	@Test
	void handleWhenUnexpectedExceptionThenDenyMalformedRequestWithoutInternals() {
		MockServerWebExchange exchange = apiCall("/elsewhere");

		StepVerifier.create(this.handler.handle(exchange, new IllegalStateException("pool 7 exhausted at Foo.java:12")))
			.verifyComplete();

		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(exchange.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		StepVerifier.create(exchange.getResponse().getBodyAsString())
			.assertNext(body -> assertThat(body).contains("\"code\":\"MALFORMED_REQUEST\"")
				.contains("\"detail\":\"The request was malformed.\"")
				.doesNotContain("pool 7")
				.doesNotContain("IllegalState"))
			.verifyComplete();
	}

	@Test
	void handleWhenClientErrorOtherThanNotFoundThenDenyMalformedRequest() {
		MockServerWebExchange exchange = apiCall("/elsewhere");

		StepVerifier.create(this.handler.handle(exchange, new ResponseStatusException(HttpStatus.METHOD_NOT_ALLOWED)))
			.verifyComplete();

		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		StepVerifier.create(exchange.getResponse().getBodyAsString())
			.assertNext(body -> assertThat(body).contains("\"code\":\"MALFORMED_REQUEST\""))
			.verifyComplete();
	}

	@Test
	void handleWhenSecurityExceptionThenPassedOnUnanswered() {
		MockServerWebExchange denied = apiCall("/elsewhere");
		MockServerWebExchange unauthenticated = apiCall("/elsewhere");

		StepVerifier.create(this.handler.handle(denied, new AccessDeniedException("no")))
			.verifyError(AccessDeniedException.class);
		StepVerifier.create(this.handler.handle(unauthenticated, new BadCredentialsException("no")))
			.verifyError(BadCredentialsException.class);
		assertThat(denied.getResponse().getStatusCode()).isNull();
		assertThat(unauthenticated.getResponse().getStatusCode()).isNull();
	}

}
