package io.keygate.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.config.GlobalCorsProperties;
import org.springframework.cloud.gateway.event.RefreshRoutesResultEvent;
import org.springframework.cloud.gateway.handler.FilteringWebHandler;
import org.springframework.cloud.gateway.handler.RoutePredicateHandlerMapping;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpMethod;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The map lookup picks exactly the route Spring Cloud Gateway's linear lookup would pick over the
 * same routes ({@link TargetRoutes}' shape: one per target, the catch-all last), for any path.
 */
class TargetRouteLookupTest {

	/** Ids that share prefixes, so "first route whose predicate matches" and "route by id" could differ. */
	private static final List<String> TARGETS = List.of("head", "head-end", "head-end-2", "mdm", "h");

	private static final AtomicReference<List<Route>> routes = new AtomicReference<>(routes(TARGETS));

	private static final RouteLocator LOCATOR = () -> Flux.defer(() -> Flux.fromIterable(routes.get()));

	private final TargetRouteLookup lookup = new TargetRouteLookup(handler(), LOCATOR, new GlobalCorsProperties(),
			new MockEnvironment());

	/** Spring's own lookup, as the oracle. */
	private final LinearLookup linear = new LinearLookup();

	private static List<Route> routes(List<String> targets) {
		List<Route> all = new ArrayList<>();
		int order = 0;
		for (String id : targets) {
			all.add(Route.async()
				.id(id)
				.order(order++)
				.uri("http://127.0.0.1:1")
				.predicate(exchange -> TargetPath.addresses(exchange.getRequest().getURI().getRawPath(), id))
				.build());
		}
		all.add(Route.async()
			.id(TargetRoutes.UNKNOWN_TARGET_ROUTE)
			.order(Integer.MAX_VALUE)
			.uri("http://127.0.0.1:9")
			.predicate(exchange -> TargetPath.parse(exchange.getRequest().getURI().getRawPath()).isPresent())
			.build());
		return all;
	}

	private static FilteringWebHandler handler() {
		return new FilteringWebHandler(List.of(), false);
	}

	private static ServerWebExchange exchange(String rawPath) {
		return MockServerWebExchange.from(MockServerHttpRequest.method(HttpMethod.GET, URI.create("http://gw.test" + rawPath)).build());
	}

	private String routeId(ServerWebExchange exchange, boolean useLinear) {
		Mono<Route> found = useLinear ? this.linear.find(exchange) : this.lookup.lookupRoute(exchange);
		Route route = found.block();
		return route == null ? null : route.getId();
	}

	@Test
	void lookupWhenTargetPathThenThatTargetsRouteEvenWhenAnotherIdIsItsPrefix() {
		assertThat(routeId(exchange("/t/head-end/api/meters"), false)).isEqualTo("head-end");
		assertThat(routeId(exchange("/t/head/x"), false)).isEqualTo("head");
		assertThat(routeId(exchange("/t/head"), false)).isEqualTo("head");
		assertThat(routeId(exchange("/t/head-end-2/"), false)).isEqualTo("head-end-2");
	}

	@Test
	void lookupWhenUnknownOrOddTargetThenCatchAllSoTheAccessFilterDeniesIt() {
		assertThat(routeId(exchange("/t/nope/x"), false)).isEqualTo(TargetRoutes.UNKNOWN_TARGET_ROUTE);
		assertThat(routeId(exchange("/t/head%2Dend/x"), false)).isEqualTo(TargetRoutes.UNKNOWN_TARGET_ROUTE);
		assertThat(routeId(exchange("/t//x"), false)).isEqualTo(TargetRoutes.UNKNOWN_TARGET_ROUTE);
		assertThat(routeId(exchange("/t/~unknown-target/x"), false)).isEqualTo(TargetRoutes.UNKNOWN_TARGET_ROUTE);
	}

	@Test
	void lookupWhenNotATargetPathThenNoRoute() {
		assertThat(routeId(exchange("/"), false)).isNull();
		assertThat(routeId(exchange("/tx/head/x"), false)).isNull();
		assertThat(routeId(exchange("/signed-out"), false)).isNull();
	}

	@Test
	void lookupWhenFoundThenNamesTheRouteTriedAsSpringDoes() {
		ServerWebExchange exchange = exchange("/t/mdm/readings");
		routeId(exchange, false);
		assertThat((String) exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_PREDICATE_ROUTE_ATTR)).isEqualTo("mdm");
	}

	@Test
	void lookupWhenRoutesRefreshedThenReadsTheNewRoutes() {
		assertThat(routeId(exchange("/t/scada/x"), false)).isEqualTo(TargetRoutes.UNKNOWN_TARGET_ROUTE);
		List<Route> before = routes.get();
		try {
			routes.set(routes(List.of("scada")));
			this.lookup.onApplicationEvent(new RefreshRoutesResultEvent(this));
			assertThat(routeId(exchange("/t/scada/x"), false)).isEqualTo("scada");
			assertThat(routeId(exchange("/t/mdm/x"), false)).isEqualTo(TargetRoutes.UNKNOWN_TARGET_ROUTE);
		}
		finally {
			routes.set(before);
		}
	}

	@Property(tries = 2000)
	void lookupWhenAnyPathThenSameRouteAsSpringsLinearLookup(@ForAll("paths") String rawPath) {
		assertThat(routeId(exchange(rawPath), false)).as(rawPath).isEqualTo(routeId(exchange(rawPath), true));
	}

	@Provide
	Arbitrary<String> paths() {
		Arbitrary<String> segment = Arbitraries.oneOf(Arbitraries.of("head", "head-end", "head-end-2", "mdm", "h", "", "t",
				"~unknown-target", "head%2Dend", "HEAD", "head-end-", "..", "%2F", "head%2fend"), Arbitraries.strings().withChars("abcdeht-.~").ofMaxLength(8));
		return Arbitraries.oneOf(
				segment.list().ofMaxSize(4).map(parts -> "/t/" + String.join("/", parts)),
				segment.list().ofMaxSize(3).map(parts -> "/" + String.join("/", parts)),
				segment.map(s -> "/t/" + s));
	}

	/** Spring Cloud Gateway's lookup over the same routes. */
	private static final class LinearLookup extends RoutePredicateHandlerMapping {

		LinearLookup() {
			super(handler(), LOCATOR, new GlobalCorsProperties(), new MockEnvironment());
		}

		Mono<Route> find(ServerWebExchange exchange) {
			return lookupRoute(exchange);
		}

	}

}
