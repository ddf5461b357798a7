package io.keygate.gateway.route;

import java.net.URI;

import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;

import io.keygate.policy.catalog.Target;
import io.keygate.policy.catalog.TargetCatalog;

/**
 * One route per catalogue target ({@code /t/{id}/**} → its upstream), plus a last catch-all for
 * any other {@code /t/...} path so that an unknown target still passes through the access filter
 * and is denied {@code UNKNOWN_TARGET} (and audited) instead of falling to a bare 404.
 * <p>
 * Routes match on the raw path: a predicate that decoded first could be steered by encoding.
 * The route's URI is only the upstream's base; the access filter sets the exact URL forwarded.
 */
public final class TargetRoutes {

	/** Route id of the catch-all; never a target id because ids cannot start with '~'. */
	public static final String UNKNOWN_TARGET_ROUTE = "~unknown-target";

	/** Never contacted: the access filter denies everything on the catch-all route. */
	private static final URI NOWHERE = URI.create("http://127.0.0.1:9");

	private TargetRoutes() {
	}

	public static RouteLocator locator(RouteLocatorBuilder builder, TargetCatalog catalog) {
		RouteLocatorBuilder.Builder routes = builder.routes();
		int order = 0;
		for (Target target : catalog.all()) {
			String id = target.id();
			int routeOrder = order++;
			routes.route(id, r -> r.order(routeOrder)
				.predicate(exchange -> TargetPath.addresses(exchange.getRequest().getURI().getRawPath(), id))
				.uri(target.upstream()));
		}
		routes.route(UNKNOWN_TARGET_ROUTE, r -> r.order(Integer.MAX_VALUE)
			.predicate(exchange -> TargetPath.parse(exchange.getRequest().getURI().getRawPath()).isPresent())
			.uri(NOWHERE));
		return routes.build();
	}

}
