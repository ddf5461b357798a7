package io.keygate.gateway.signin;

import java.util.List;
import java.util.Objects;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Runs Spring Security's filters for a request as a plain walk over their list. Spring's default
 * chain ({@code DefaultWebFilterChain}) builds a linked object per filter for every request and
 * wraps each filter's answer in a Reactor checkpoint named by the filter's {@code toString()},
 * which Spring Security's ordered wrapper formats anew each time: on the gateway, where every
 * proxied request passes about twenty security filters, that was the second-largest allocation site
 * of the request path (infra/bench/RESULTS.md). The filters, their order and what each does are
 * unchanged; what is lost is only the checkpoint line in the assembly trace of an error.
 */
final class PlainFilterChain implements WebFilterChain {

	private final List<WebFilter> filters;

	private final int index;

	private final WebFilterChain end;

	private PlainFilterChain(List<WebFilter> filters, int index, WebFilterChain end) {
		this.filters = filters;
		this.index = index;
		this.end = end;
	}

	static WebFilterChain of(List<WebFilter> filters, WebFilterChain end) {
		// The list is the one Spring Security collected for this request alone: no copy needed.
		return new PlainFilterChain(Objects.requireNonNull(filters, "filters cannot be null"), 0,
				Objects.requireNonNull(end, "end cannot be null"));
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange) {
		// Deferred like Spring's chain: a filter assembles its work when the request is subscribed.
		return Mono.defer(() -> this.index < this.filters.size()
				? this.filters.get(this.index).filter(exchange, new PlainFilterChain(this.filters, this.index + 1, this.end))
				: this.end.filter(exchange));
	}

	/** Spring Security's extension point for how its proxy chains a request through the filters. */
	static final class Decorator implements WebFilterChainProxy.WebFilterChainDecorator {

		@Override
		public WebFilterChain decorate(WebFilterChain original, List<WebFilter> filters) {
			return PlainFilterChain.of(filters, original);
		}

	}

	/** Installs the decorator on the security filter chain proxy that Spring Security creates. */
	static final class Installer implements BeanPostProcessor {

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if (bean instanceof WebFilterChainProxy proxy) {
				proxy.setFilterChainDecorator(new Decorator());
			}
			return bean;
		}

	}

}
