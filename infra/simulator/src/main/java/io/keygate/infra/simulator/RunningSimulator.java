package io.keygate.infra.simulator;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A started simulator instance and what tests, the quickstart and the benchmarks read from it.
 */
public final class RunningSimulator implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private RunningSimulator(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/**
	 * Starts one instance on loopback.
	 *
	 * @param port 0 for a free port
	 * @param parent the quickstart's shared context, or {@code null}
	 */
	public static RunningSimulator start(SimulatedSystem system, int port, String username, String password,
			ApplicationContext parent, Map<String, Object> extra) {
		Objects.requireNonNull(system, "system cannot be null");
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("server.port", port);
		properties.put("server.address", "127.0.0.1");
		properties.put("keygate.simulator.system", system.name());
		properties.put("keygate.simulator.credential.username", username);
		properties.put("keygate.simulator.credential.password", password);
		properties.put("spring.application.name", "keygate-simulator-" + system.name().toLowerCase(java.util.Locale.ROOT));
		properties.put("spring.main.banner-mode", "off");
		properties.putAll(extra);
		var builder = SimulatorApplication.builder();
		if (parent != null) {
			builder.parent((ConfigurableApplicationContext) parent);
		}
		// As arguments, so they win over simulator.yml and its environment variables.
		String[] args = properties.entrySet().stream().map(entry -> "--" + entry.getKey() + "=" + entry.getValue()).toArray(String[]::new);
		return new RunningSimulator(builder.run(args));
	}

	public int port() {
		// Not local.server.port: Boot copies it into parent contexts, where sibling servers overwrite it.
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	public URI baseUri() {
		return URI.create("http://127.0.0.1:" + port());
	}

	public SimulatorProperties properties() {
		return this.context.getBean(SimulatorProperties.class);
	}

	public RequestLog requestLog() {
		return this.context.getBean(RequestLog.class);
	}

	public EventConsole eventConsole() {
		return this.context.getBean(EventConsole.class);
	}

	public MeterFleet fleet() {
		return this.context.getBean(MeterFleet.class);
	}

	public FirmwareRegistry firmware() {
		return this.context.getBean(FirmwareRegistry.class);
	}

	/** The {@code Authorization} header value of this instance's service credential. */
	public String serviceAuthorization() {
		SimulatorProperties.Credential credential = properties().credential();
		return ServiceCredential.basicHeader(credential.username(), credential.password());
	}

	public ConfigurableApplicationContext context() {
		return this.context;
	}

	@Override
	public void close() {
		this.context.close();
	}

}
