package io.keygate.gateway.route;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.cloud.gateway.config.GlobalCorsProperties;
import org.springframework.cloud.gateway.event.RefreshRoutesResultEvent;
import org.springframework.cloud.gateway.handler.FilteringWebHandler;
import org.springframework.cloud.gateway.handler.RoutePredicateHandlerMapping;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Finds a target's route by its id instead of trying every route in turn. Spring Cloud Gateway's
 * own lookup runs {@code filterWhen} over all routes on every request, so its cost grows with the
 * catalogue (one route per target) and allocates a reactive pipeline per route tried
 * (infra/bench/RESULTS.md). Here a {@code /t/{id}/...} path is one map lookup: the target's route
 * when the catalogue has {@code id}, else the unknown-target catch-all, which the access filter
 * denies; the route's own predicate is still asked, so a route is never used for a path it would
 * not match. Any other path goes to Spring's lookup unchanged.
 * <p>
 * The map is built from the route locator when first needed and again after every route refresh.
 */
public final class TargetRouteLookup extends RoutePredicateHandlerMapping implements ApplicationListener<RefreshRoutesResultEvent> {

	private final RouteLocator routes;

	private volatile Mono<Map<String, Route>> byId;

	public TargetRouteLookup(FilteringWebHandler webHandler, RouteLocator routes, GlobalCorsProperties cors,
			Environment environment) {
		super(webHandler, routes, cors, environment);
		this.routes = Objects.requireNonNull(routes, "routes cannot be null");
		this.byId = index(routes);
	}

	private static Mono<Map<String, Route>> index(RouteLocator routes) {
		return routes.getRoutes()
			.collect(Collectors.toUnmodifiableMap(Route::getId, Function.identity(), (first, second) -> first))
			.cache();
	}

	@Override
	public void onApplicationEvent(RefreshRoutesResultEvent event) {
		this.byId = index(this.routes);
	}

	@Override
	protected Mono<Route> lookupRoute(ServerWebExchange exchange) {
		String rawPath = exchange.getRequest().getURI().getRawPath();
		if (rawPath == null || !rawPath.startsWith(TargetPath.PREFIX)) {
			return super.lookupRoute(exchange);
		}
		String targetId = TargetPath.parse(rawPath).map(TargetPath::targetId).orElse("");
		return this.byId.flatMap(map -> {
			Route route = map.get(targetId);
			if (route == null || TargetRoutes.UNKNOWN_TARGET_ROUTE.equals(targetId)) {
				route = map.get(TargetRoutes.UNKNOWN_TARGET_ROUTE);
			}
			if (route == null) {
				return Mono.empty();
			}
			Route found = route;
			// As Spring's lookup does: the attribute names the route being tried, and a predicate
			// that fails counts as no match (no route: nothing is forwarded).
			exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_PREDICATE_ROUTE_ATTR, found.getId());
			return Mono.from(found.getPredicate().apply(exchange))
				.onErrorReturn(false)
				.filter(Boolean::booleanValue)
				.map(matched -> {
					validateRoute(found, exchange);
					return found;
				});
		});
	}

}
