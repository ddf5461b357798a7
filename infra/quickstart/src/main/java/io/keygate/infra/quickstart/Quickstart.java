package io.keygate.infra.quickstart;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.keygate.auth.AuthServerApplication;
import io.keygate.auth.access.RequestSubmission;
import io.keygate.gateway.GatewayApplication;
import io.keygate.infra.simulator.RunningSimulator;
import io.keygate.infra.simulator.SimulatedSystem;
import io.keygate.policy.audit.AuditQueue;

/**
 * The embedded default: the auth server, the gateway and the simulated head-end, MDM and decoy in
 * one JVM, as sibling application contexts under a parent that holds what they share (clock, the
 * in-memory grant store that is also the revocation bus, the audit sink). Users, keys, requests
 * and the audit chain live in an H2 file under the data folder, so a restart keeps them; live
 * grants are in memory. Only a JDK is needed.
 */
public final class Quickstart {

	/** The auth server bean that issues (and prints) the first admin's one-time enrollment link. */
	public static final String FIRST_ADMIN_BEAN = "firstAdminBootstrap";

	/** The service account the gateway presents to the simulated systems. */
	public static final String SERVICE_USER = "keygate-gw";

	static final String CATALOG_RESOURCE = "keygate/quickstart-targets.yml";

	private static final Logger log = LoggerFactory.getLogger(Quickstart.class);

	private static final String[] AUTH_ONLY_AUTO_CONFIGURATION = {
			"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
			"org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
			// The auth server's Tomcat shares the class path: the gateway's management port (a reactive
			// child context) must be Netty's alone, or both register the same child-context factory.
			"org.springframework.boot.tomcat.autoconfigure.actuate.web.server.TomcatReactiveManagementContextAutoConfiguration" };

	private Quickstart() {
	}

	public static void main(String[] args) {
		Path dataDir = Path.of(argument(args, "--keygate.data-dir=", System.getenv().getOrDefault("KEYGATE_DATA_DIR", "./data")));
		RunningQuickstart running = start(QuickstartSettings.defaults(dataDir).withArguments(args));
		Runtime.getRuntime().addShutdownHook(new Thread(running::close, "keygate-quickstart-shutdown"));
		// What the person waiting sees: from the JVM's start, class loading included.
		Duration sinceJvmStart = Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime());
		System.out.println(banner(running, sinceJvmStart));
	}

	/** Starts everything; on any failure stops what already started and rethrows. */
	public static RunningQuickstart start(QuickstartSettings settings) {
		long started = System.nanoTime();
		List<AutoCloseable> startedSoFar = new ArrayList<>();
		try {
			Path dataDir = settings.dataDir().toAbsolutePath().normalize();
			Files.createDirectories(dataDir);
			ConfigurableApplicationContext parent = new SpringApplicationBuilder(QuickstartSharedConfiguration.class)
				.web(WebApplicationType.NONE)
				.profiles("embedded")
				.run("--spring.main.banner-mode=off");
			startedSoFar.add(0, parent::close);
			// Generated per start and never printed: the vendor's browser never holds an OT credential,
			// only the gateway does. That is what the simulators' request logs make visible.
			String headEndSecret = secret();
			String mdmSecret = secret();
			String decoySecret = secret();
			// The gateway is the auth server's OIDC client; its secret lives only in this process.
			String clientSecret = secret();
			// Bait on the head-end console (issue 14): a honeytoken kept in the data folder (the same
			// across restarts, registered with the auth server below) and a link to the decoy.
			String honeytoken = QuickstartBait.honeytoken(dataDir);
			RunningSimulator headEnd = RunningSimulator.start(SimulatedSystem.HEAD_END, settings.headEndPort(), SERVICE_USER,
					headEndSecret, parent, QuickstartBait.simulatorProperties(honeytoken));
			startedSoFar.add(0, headEnd);
			RunningSimulator mdm = RunningSimulator.start(SimulatedSystem.MDM, settings.mdmPort(), SERVICE_USER, mdmSecret, parent,
					Map.of());
			startedSoFar.add(0, mdm);
			RunningSimulator decoy = RunningSimulator.start(SimulatedSystem.DECOY, settings.decoyPort(), SERVICE_USER, decoySecret,
					parent, Map.of());
			startedSoFar.add(0, decoy);
			String catalog = catalogLocation(dataDir, headEnd.port(), mdm.port(), decoy.port());

			Map<String, Object> auth = new LinkedHashMap<>();
			auth.put("spring.config.name", "auth-server");
			auth.put("spring.application.name", "keygate-auth-server");
			// The gateway's jars share the class path; its auto-configuration is not for this context.
			auth.put("spring.cloud.gateway.server.webflux.enabled", "false");
			auth.put("server.port", settings.authPort());
			auth.put("keygate.data-dir", dataDir.toString());
			// Signed checkpoints of the audit chain: the key sits beside the database, not in it (OPERATING.md).
			auth.put("keygate.audit.checkpoint.key-file", dataDir.resolve("audit-checkpoint.key").toString());
			// Evidence bundles: a key generated on first start (logged loudly), copies kept beside the data.
			auth.put("keygate.evidence.signing-key-file", dataDir.resolve("evidence-signing.key").toString());
			auth.put("keygate.evidence.signing-key-generate", "true");
			auth.put("keygate.evidence.output-dir", dataDir.resolve("evidence").toString());
			auth.put("keygate.catalog", catalog);
			// The quickstart names its business time zone (the banner says which): a real install sets its own.
			auth.put("keygate.portal.time-zone", timeZone());
			auth.put("keygate.gateway.public-url", settings.gatewayUrl());
			auth.put("keygate.webauthn.origins", settings.authUrl());
			auth.put("keygate.enrollment.base-url", settings.authUrl());
			auth.put("keygate.oidc.issuer", settings.authUrl());
			auth.put("keygate.oidc.gateway.client-secret", clientSecret);
			auth.put("keygate.oidc.gateway.redirect-uris", settings.gatewayUrl() + "/login/oauth2/code/keygate");
			// Single logout both ways: a gateway logout ends the portal session and comes back here;
			// a portal sign-out reaches the gateway as a signed logout token.
			auth.put("keygate.oidc.gateway.post-logout-redirect-uris", settings.gatewayUrl() + "/signed-out");
			auth.put("keygate.oidc.gateway.back-channel-logout-uris", settings.gatewayUrl() + "/logout/connect/back-channel/keygate");
			auth.put("spring.main.banner-mode", "off");
			// The embedded mode trusts the vendor roots Keygate ships, so a first run accepts the common
			// hardware keys; --auth.keygate.webauthn.trust.bundled-roots=false turns that off.
			auth.put("keygate.webauthn.trust.bundled-roots", "true");
			// Off the usual ports (tests), the management ports are free ones too.
			if (settings.authPort() != QuickstartPorts.AUTH_SERVER) {
				auth.put("management.server.port", "0");
			}
			auth.putAll(settings.authProperties());
			// One after the other: Spring Boot re-initialises the logging system for every context it
			// starts, and two doing it at once on two threads broke start-up (seen here).
			AuditLogRelay relay = parent.getBean(AuditLogRelay.class);
			ConfigurableApplicationContext authContext = new SpringApplicationBuilder(AuthServerApplication.class).parent(parent)
				.web(WebApplicationType.SERVLET)
				.run(arguments(auth));
			startedSoFar.add(0, authContext::close);
			relay.connect(authContext.getBean(AuditQueue.class));
			QuickstartBait.register(authContext, honeytoken);
			if (settings.demo()) {
				// Demo people only ever in the demo start (DemoStartTest checks a normal start has none).
				DemoStart.seedPeople(authContext).forEach(System.out::println);
				// ... and their pending request, once the demo vendor exists (has enrolled).
				authContext.addApplicationListener(new DemoRequestSeed(authContext.getBean(RequestSubmission.class)));
			}

			Map<String, Object> gateway = new LinkedHashMap<>();
			gateway.put("spring.config.name", "gateway");
			gateway.put("spring.application.name", "keygate-gateway");
			// The auth server's database belongs to the auth server context alone.
			gateway.put("spring.autoconfigure.exclude", String.join(",", AUTH_ONLY_AUTO_CONFIGURATION));
			gateway.put("server.port", settings.gatewayPort());
			gateway.put("keygate.catalog", catalog);
			gateway.put("keygate.portal-url", settings.authUrl());
			gateway.put("keygate.gateway.signin.issuer", settings.authUrl());
			// Cookies are not port-scoped: on one host the browser also sends the auth server's session
			// and CSRF cookies to the gateway. They are named KEYGATE_AUTH_*, and the gateway never
			// passes on a cookie whose name starts with KEYGATE.
			credential(gateway, "head-end", headEndSecret);
			credential(gateway, "mdm", mdmSecret);
			gateway.put("spring.security.oauth2.client.registration.keygate.client-secret", clientSecret);
			// Uploads are spooled and held images kept in the data folder, not in the JVM's temp dir.
			gateway.put("keygate.gateway.firmware.spool-directory", settings.dataDir().resolve("firmware/spool").toString());
			gateway.put("keygate.gateway.firmware.hold-directory", settings.dataDir().resolve("firmware/held").toString());
			gateway.put("spring.main.banner-mode", "off");
			if (settings.gatewayPort() != QuickstartPorts.GATEWAY) {
				gateway.put("management.server.port", "0");
			}
			gateway.putAll(settings.gatewayProperties());
			ConfigurableApplicationContext gatewayContext = new SpringApplicationBuilder(GatewayApplication.class).parent(parent)
				.web(WebApplicationType.REACTIVE)
				// The gateway's audit sink: the relay into the auth server's audit queue, as a bean of its own.
				.initializers(context -> context.getBeanFactory().registerSingleton("quickstartAuditLog", relay))
				.run(arguments(gateway));
			startedSoFar.add(0, gatewayContext::close);

			Duration took = Duration.ofNanos(System.nanoTime() - started);
			return new RunningQuickstart(settings, parent, authContext, gatewayContext, headEnd, mdm, decoy, took);
		}
		catch (IOException ex) {
			closeAll(startedSoFar);
			throw new UncheckedIOException("cannot prepare the data folder " + settings.dataDir(), ex);
		}
		catch (RuntimeException | Error ex) {
			closeAll(startedSoFar);
			throw ex;
		}
	}

	private static String managementUrl(ConfigurableApplicationContext context) {
		// local.management.port lands in the environment the embedded contexts share, so the context
		// started last would name its port for both; a configured port is the context's own.
		String configured = context.getEnvironment().getProperty("management.server.port", "");
		String port = configured.isBlank() || "0".equals(configured)
				? context.getEnvironment().getProperty("local.management.port", "?") : configured;
		return "http://127.0.0.1:" + port;
	}

	/** KEYGATE_TIME_ZONE, else UTC: stated in the banner, never guessed from the machine. */
	static String timeZone() {
		String zone = System.getenv("KEYGATE_TIME_ZONE");
		return zone == null || zone.isBlank() ? "UTC" : zone.strip();
	}

	static String banner(RunningQuickstart running, Duration sinceJvmStart) {
		QuickstartSettings settings = running.settings();
		StringBuilder banner = new StringBuilder();
		banner.append("\n================================================================================\n");
		banner.append(String.format(" Keygate is ready in %.1f s (JVM start to ready; the contexts took %.1f s)%n",
				sinceJvmStart.toMillis() / 1000.0, running.startup().toMillis() / 1000.0));
		banner.append(" Portal (auth server):  ").append(settings.authUrl()).append('\n');
		banner.append(" Gateway:               ").append(settings.gatewayUrl()).append('\n');
		banner.append("   head-end through it: ").append(settings.gatewayUrl()).append("/t/head-end/\n");
		banner.append("   MDM through it:      ").append(settings.gatewayUrl()).append("/t/mdm/\n");
		banner.append(" Metrics and health (management ports, loopback only, never on the public ports):\n");
		banner.append("   gateway ").append(managementUrl(running.gateway())).append("/actuator/prometheus, ")
			.append(managementUrl(running.gateway())).append("/actuator/health\n");
		banner.append("   auth server ").append(managementUrl(running.auth())).append("/actuator/health\n");
		banner.append(" Simulated OT systems (loopback, service credential held by the gateway only):\n");
		banner.append("   head-end ").append(running.headEnd().baseUri()).append(", MDM ").append(running.mdm().baseUri())
			.append(", decoy ").append(running.decoy().baseUri()).append('\n');
		banner.append(" Business time zone (every page shows and reads times in it): ").append(timeZone())
			.append("\n   set KEYGATE_TIME_ZONE (an IANA name such as Europe/Berlin) to use another\n");
		banner.append(" Data (users, keys, requests, audit): ").append(settings.dataDir().toAbsolutePath().normalize()).append('\n');
		running.firstAdminLink()
			.ifPresentOrElse(link -> banner.append(" First security admin, open once to register your key:\n   ").append(link).append('\n'),
					() -> banner.append(running.hasFirstAdminBootstrap()
							? " First start? The first admin's one-time enrollment link is printed above (look for /enroll?token=).\n"
							: " (This auth server prints no enrollment link.)\n"));
		banner.append("================================================================================\n");
		if (settings.demo()) {
			banner.append(DemoStart.instructions(settings));
		}
		return banner.toString();
	}

	/**
	 * The catalogue file: the one on the class path when the simulators took their usual ports,
	 * otherwise a copy in the data folder pointing at the ports they took.
	 */
	static String catalogLocation(Path dataDir, int headEndPort, int mdmPort, int decoyPort) throws IOException {
		if (headEndPort == QuickstartPorts.HEAD_END && mdmPort == QuickstartPorts.MDM && decoyPort == QuickstartPorts.DECOY) {
			return "classpath:" + CATALOG_RESOURCE;
		}
		String yaml;
		try (InputStream in = Quickstart.class.getClassLoader().getResourceAsStream(CATALOG_RESOURCE)) {
			if (in == null) {
				throw new IllegalStateException(CATALOG_RESOURCE + " is missing from the class path (this is a bug)");
			}
			yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		yaml = yaml.replace("127.0.0.1:" + QuickstartPorts.HEAD_END, "127.0.0.1:" + headEndPort)
			.replace("127.0.0.1:" + QuickstartPorts.MDM, "127.0.0.1:" + mdmPort)
			.replace("127.0.0.1:" + QuickstartPorts.DECOY, "127.0.0.1:" + decoyPort);
		Path file = dataDir.resolve("quickstart-targets.yml");
		Files.writeString(file, yaml, StandardCharsets.UTF_8);
		return file.toUri().toString();
	}

	private static void credential(Map<String, Object> properties, String targetId, String secret) {
		String prefix = "keygate.gateway.upstream-credentials." + targetId + ".";
		properties.put(prefix + "kind", "basic");
		properties.put(prefix + "username", SERVICE_USER);
		properties.put(prefix + "secret", secret);
	}

	private static String[] arguments(Map<String, Object> properties) {
		// Arguments rather than builder defaults: they must win over each application's yml.
		return properties.entrySet().stream().map(entry -> "--" + entry.getKey() + "=" + entry.getValue()).toArray(String[]::new);
	}

	private static String secret() {
		byte[] bytes = new byte[24];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static String argument(String[] args, String prefix, String fallback) {
		for (String arg : args) {
			if (arg.startsWith(prefix)) {
				return arg.substring(prefix.length());
			}
		}
		return fallback;
	}

	private static void closeAll(List<AutoCloseable> closeables) {
		for (AutoCloseable closeable : closeables) {
			try {
				closeable.close();
			}
			catch (Exception suppressed) {
				log.warn("while stopping after a failed start: {}", suppressed.toString());
			}
		}
	}

}
