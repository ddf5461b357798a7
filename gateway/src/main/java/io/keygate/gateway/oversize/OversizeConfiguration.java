package io.keygate.gateway.oversize;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

import io.keygate.gateway.KeygateGatewayProperties;
import io.keygate.gateway.KeygateProperties;
import io.keygate.gateway.home.GatewayPage;
import reactor.netty.NettyPipeline;

/**
 * Keygate's request-size limits ({@code keygate.gateway.requests.max-request-line},
 * {@code max-headers}) and the page for Netty's own size refusals. Netty's limits
 * ({@code server.netty.max-initial-line-length}, {@code server.max-http-request-header-size},
 * gateway.yml) should be above Keygate's so that the gateway itself answers the common case; a
 * start where they are not is told so, and still answers with the page.
 */
@Configuration(proxyBeanMethods = false)
public final class OversizeConfiguration {

	private static final Logger log = LoggerFactory.getLogger(OversizeConfiguration.class);

	@Bean
	OversizeFilter oversizeFilter(KeygateGatewayProperties properties, KeygateProperties keygate, Environment environment) {
		RequestSizeLimits limits = RequestSizeLimits.of(properties.requests().maxRequestLine(), properties.requests().maxHeaders());
		DataSize nettyLine = environment.getProperty("server.netty.max-initial-line-length", DataSize.class, DataSize.ofKilobytes(4));
		DataSize nettyHeaders = environment.getProperty("server.max-http-request-header-size", DataSize.class, DataSize.ofKilobytes(8));
		if (nettyLine.toBytes() <= limits.maxRequestLine() || nettyHeaders.toBytes() <= limits.maxHeaders()) {
			log.warn("server.netty.max-initial-line-length ({}) and server.max-http-request-header-size ({}) should be above"
					+ " keygate.gateway.requests.max-request-line ({}B) and max-headers ({}B): the server refuses first, without"
					+ " the gateway's log line", nettyLine, nettyHeaders, limits.maxRequestLine(), limits.maxHeaders());
		}
		return new OversizeFilter(limits, GatewayPage.myAccess(keygate.portalUrl()));
	}

	@Bean
	NettyServerCustomizer decoderRefusalPages(KeygateProperties keygate) {
		String myAccess = GatewayPage.myAccess(keygate.portalUrl());
		return server -> server.doOnChannelInit((observer, channel, address) -> {
			// Plain HTTP/1.1 and HTTP/1.1 over TLS have their codec by now; nothing to dress otherwise.
			if (channel.pipeline().get(NettyPipeline.HttpTrafficHandler) != null) {
				channel.pipeline().addBefore(NettyPipeline.HttpTrafficHandler, DecoderRefusalPage.NAME, new DecoderRefusalPage(myAccess));
			}
		});
	}

}
