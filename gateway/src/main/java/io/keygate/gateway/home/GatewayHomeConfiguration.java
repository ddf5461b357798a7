package io.keygate.gateway.home;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.keygate.gateway.KeygateGatewayProperties;
import io.keygate.gateway.KeygateProperties;
import io.keygate.gateway.access.DecisionGrants;
import io.keygate.policy.catalog.TargetCatalog;

/** {@code GET /}: the landing page (signed in only, like every gateway path but the sign-out page). */
@Configuration(proxyBeanMethods = false)
public final class GatewayHomeConfiguration {

	@Bean
	RouterFunction<ServerResponse> gatewayHomePage(TargetCatalog catalog, DecisionGrants grants, KeygateProperties keygate,
			KeygateGatewayProperties properties, Clock clock) {
		GatewayHomePage page = new GatewayHomePage(catalog, grants, properties.signin().subjectClaim(),
				properties.signin().organisationClaim(), keygate.portalUrl(), clock);
		return RouterFunctions.route(RequestPredicates.GET("/"), page::render);
	}

}
