package io.keygate.infra.simulator;

import java.time.Clock;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;

/**
 * A simulated AMI head-end or MDM: a small reactive web application standing in for an OT system
 * behind the gateway.
 * <p>
 * It imports a fixed list of auto-configurations instead of enabling auto-configuration: it shares
 * a class path with the auth server and the gateway (security, OAuth2, JDBC, the gateway itself),
 * and none of that may switch itself on here, in one JVM or alone.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@ImportAutoConfiguration({ org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration.class,
		org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration.class,
		org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration.class,
		org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration.class,
		org.springframework.boot.reactor.netty.autoconfigure.NettyReactiveWebServerAutoConfiguration.class,
		org.springframework.boot.webflux.autoconfigure.HttpHandlerAutoConfiguration.class,
		org.springframework.boot.webflux.autoconfigure.ReactiveMultipartAutoConfiguration.class,
		org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration.class,
		org.springframework.boot.webflux.autoconfigure.error.ErrorWebFluxAutoConfiguration.class })
@EnableConfigurationProperties(SimulatorProperties.class)
public class SimulatorApplication {

	/** Its own configuration file name, so that the apps' {@code application.yml} files never apply. */
	public static final String CONFIG_NAME = "simulator";

	/** Runs one simulated system as its own process (the distributed deployment's OT stand-in). */
	public static void main(String[] args) {
		builder().run(args);
	}

	/**
	 * A builder for one simulator instance. Pass settings as {@code --name=value} arguments to
	 * {@code run}: builder properties are defaults that {@code simulator.yml} would override.
	 */
	public static SpringApplicationBuilder builder() {
		return new SpringApplicationBuilder(SimulatorApplication.class).web(WebApplicationType.REACTIVE)
			.properties("spring.config.name=" + CONFIG_NAME);
	}

	@Bean
	Clock simulatorClock() {
		return Clock.systemUTC();
	}

	@Bean
	MeterFleet meterFleet(SimulatorProperties properties, Clock simulatorClock) {
		return new MeterFleet(properties.meters(), simulatorClock);
	}

	@Bean
	RequestLog requestLog(SimulatorProperties properties) {
		return new RequestLog(properties.requestLogCapacity());
	}

	@Bean
	FirmwareRegistry firmwareRegistry() {
		return new FirmwareRegistry();
	}

	@Bean
	EventConsole eventConsole(MeterFleet meterFleet, SimulatorProperties properties, JsonMapper jsonMapper, Clock simulatorClock) {
		return new EventConsole(meterFleet, properties.eventInterval(), jsonMapper, simulatorClock);
	}

	@Bean
	ReceivingFilter receivingFilter(RequestLog requestLog, SimulatorProperties properties, Clock simulatorClock) {
		return new ReceivingFilter(requestLog, new ServiceCredential(properties.credential()), simulatorClock,
				properties.system().title());
	}

	@Bean
	RouterFunction<ServerResponse> simulatorRoutes(MeterFleet meterFleet, FirmwareRegistry firmwareRegistry, EventConsole eventConsole,
			SimulatorProperties properties, Clock simulatorClock) {
		return new SimulatorRoutes(meterFleet, firmwareRegistry, eventConsole, new SimulatorPages(properties), properties,
				simulatorClock).routes();
	}

	@Bean
	HandlerMapping eventConsoleMapping(EventConsole eventConsole) {
		// Before the router functions, whose catch-all would otherwise answer the upgrade with 404.
		return new SimpleUrlHandlerMapping(Map.of("/events", eventConsole), -10);
	}

}
