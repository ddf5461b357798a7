package io.keygate.gateway.upstreamtls;

import java.time.Clock;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

import io.netty.handler.ssl.SslContextBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.keygate.gateway.audit.DecisionAudit;
import io.keygate.policy.catalog.TargetCatalog;
import reactor.netty.http.Http11SslContextSpec;

/**
 * TLS to the targets: the upstream client trusts, per target, the CA in
 * {@code keygate.gateway.upstream-tls.targets.<target>.ca} (else the JVM's trust store) and always
 * verifies the host name. Spring Cloud Gateway's own switch to trust anything,
 * {@code spring.cloud.gateway.server.webflux.httpclient.ssl.use-insecure-trust-manager}, stops start-up.
 */
@Configuration(proxyBeanMethods = false)
public class UpstreamTlsConfiguration {

	private static final Logger log = LoggerFactory.getLogger(UpstreamTlsConfiguration.class);

	static final String INSECURE_PROPERTY = "spring.cloud.gateway.server.webflux.httpclient.ssl.use-insecure-trust-manager";

	@Bean
	UpstreamTrust upstreamTrust(UpstreamTlsProperties properties, TargetCatalog catalog, HttpClientProperties httpClient) {
		if (httpClient.getSsl().isUseInsecureTrustManager()) {
			throw new IllegalStateException(INSECURE_PROPERTY + "=true would forward to any https target without checking"
					+ " its certificate; Keygate refuses it. Give the target's CA in keygate.gateway.upstream-tls.targets.<target>.ca");
		}
		UpstreamTrust trust = UpstreamTrust.of(properties, catalog);
		log.info("Upstream TLS: {} target address(es) with their own CA, the others against the JVM trust store; host names verified",
				trust.configuredAddresses());
		return trust;
	}

	/**
	 * Applied after the gateway's own SSL settings, so this client context is the one used. The
	 * handler configurator asks for HTTPS endpoint identification explicitly rather than relying on
	 * Reactor Netty's default for it.
	 */
	@Bean
	HttpClientCustomizer upstreamTlsCustomizer(UpstreamTrust trust) {
		Http11SslContextSpec spec = Http11SslContextSpec.forClient()
			.configure((SslContextBuilder builder) -> builder.trustManager(trust));
		return client -> client.secure(ssl -> ssl.sslContext(spec).handlerConfigurator(handler -> {
			SSLEngine engine = handler.engine();
			SSLParameters parameters = engine.getSSLParameters();
			parameters.setEndpointIdentificationAlgorithm("HTTPS");
			engine.setSSLParameters(parameters);
		}));
	}

	@Bean
	UpstreamTlsFailureHandler upstreamTlsFailureHandler(DecisionAudit audit, Clock clock) {
		return new UpstreamTlsFailureHandler(audit, clock);
	}

}
