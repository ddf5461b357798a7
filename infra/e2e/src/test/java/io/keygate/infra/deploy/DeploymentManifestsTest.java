package io.keygate.infra.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import io.keygate.auth.AuthServerApplication;
import io.keygate.gateway.GatewayApplication;
import io.keygate.infra.simulator.SimulatorApplication;
import io.keygate.policy.catalog.Target;
import io.keygate.policy.catalog.TargetCatalog;
import io.keygate.policy.catalog.TargetCatalogFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Docker and Kubernetes do not run here, so this checks what can be checked without them: every
 * file under {@code infra/deploy} parses, and what it says matches the applications' real
 * configuration — read from their {@code @ConfigurationProperties}, their yml files and Spring
 * Boot's metadata, not from a second list that could drift.
 */
class DeploymentManifestsTest {

	/** infra/deploy, beside this module (Surefire runs with the module as working directory). */
	private static final Path DEPLOY = Path.of("..", "deploy").toAbsolutePath().normalize();

	private static final Pattern IMAGE = Pattern.compile("keygate/(auth-server|gateway|simulator):(.+)");

	private static final Set<String> SECRET_WORDS = Set.of("PASSWORD", "SECRET", "TOKEN", "KEY");

	private static Map<String, ApplicationConfiguration> apps;

	private static List<Map<String, Object>> k8s;

	private static Map<String, Object> compose;

	@BeforeAll
	static void readEverything() throws IOException {
		apps = new LinkedHashMap<>();
		apps.put("auth-server", ApplicationConfiguration.of("auth-server", AuthServerApplication.class, "io.keygate.auth", "auth-server.yml",
				"application.yml"));
		apps.put("gateway", ApplicationConfiguration.of("gateway", GatewayApplication.class, "io.keygate.gateway", "gateway.yml",
				"application.yml"));
		apps.put("simulator", ApplicationConfiguration.of("simulator", SimulatorApplication.class, "io.keygate.infra.simulator", "simulator.yml"));
		k8s = new ArrayList<>();
		try (Stream<Path> files = Files.list(DEPLOY.resolve("k8s"))) {
			for (Path file : files.sorted().toList()) {
				for (Object document : yaml().loadAll(Files.readString(file))) {
					if (document != null) {
						k8s.add(map(document, file.toString()));
					}
				}
			}
		}
		compose = map(yaml().load(Files.readString(DEPLOY.resolve("compose.yaml"))), "compose.yaml");
	}

	@Test
	void everyFileUnderDeployParses() throws IOException {
		List<Path> files;
		try (Stream<Path> walk = Files.walk(DEPLOY)) {
			// README.md and the openssl script that makes Compose's certificates (tls/make-local-ca.sh) are not YAML.
			files = walk.filter(Files::isRegularFile)
				.filter(file -> !file.getFileName().toString().equals("README.md") && !file.toString().endsWith(".sh"))
				.toList();
		}
		assertThat(files).isNotEmpty();
		for (Path file : files) {
			assertThat(file.toString()).matches(".*\\.(ya?ml)$");
			for (Object document : yaml().loadAll(Files.readString(file))) {
				assertThat(document).as(file + " has an empty or non-mapping document").isInstanceOf(Map.class);
			}
		}
	}

	@Test
	void kubernetesHasTheRequiredKinds() {
		assertThat(k8s).extracting(doc -> doc.get("kind"))
			.contains("Deployment", "Service", "ConfigMap", "NetworkPolicy", "PodDisruptionBudget", "HorizontalPodAutoscaler")
			// Secrets are referenced, never committed.
			.doesNotContain("Secret");
		for (Map<String, Object> doc : k8s) {
			assertThat(doc.get("apiVersion")).as("apiVersion of " + describe(doc)).isNotNull();
			assertThat(get(doc, "metadata.name")).as("name of " + doc.get("kind")).isNotNull();
		}
	}

	@Test
	void kubernetesContainersUseKnownImagesPortsAndEnvironment() {
		for (Map<String, Object> deployment : kind("Deployment")) {
			for (Map<String, Object> container : list(get(deployment, "spec.template.spec.containers"))) {
				ApplicationConfiguration app = app(String.valueOf(container.get("image")));
				Map<String, String> literals = new LinkedHashMap<>();
				for (Map<String, Object> env : list(container.get("env"))) {
					String name = String.valueOf(env.get("name"));
					assertThat(app.acceptsEnvironment(name) || readByMountedConfig(deployment, name))
						.as(describe(deployment) + ": " + app.name() + " reads no environment variable " + name).isTrue();
					if (isSecretLike(name)) {
						assertThat(get(env, "valueFrom.secretKeyRef.name")).as(describe(deployment) + ": " + name
								+ " must come from a Secret by reference").isNotNull();
						assertThat(env).as(describe(deployment) + ": " + name + " has a literal value").doesNotContainKey("value");
					}
					if (env.get("value") != null) {
						literals.put(name, String.valueOf(env.get("value")));
					}
				}
				int port = applicationPort(app, literals);
				Integer management = managementPort(app, literals);
				List<Integer> expectedPorts = management == null ? List.of(port) : List.of(port, management);
				assertThat(list(container.get("ports"))).as(describe(deployment) + " container ports")
					.extracting(p -> ((Number) p.get("containerPort")).intValue()).containsExactlyInAnyOrderElementsOf(expectedPorts);
				for (String probe : List.of("readinessProbe", "livenessProbe")) {
					Object path = get(container, probe + ".httpGet.path");
					if (path != null) {
						assertThat(path).isEqualTo("/actuator/health");
						assertThat(app.ymlValue("management.endpoints.web.exposure.include")).as(app.name() + " exposes health")
							.hasValueSatisfying(include -> assertThat(String.valueOf(include)).contains("health"));
						// Health is served on the management port only: the probe must go there.
						assertThat(namedPort(container, String.valueOf(get(container, probe + ".httpGet.port"))))
							.as(describe(deployment) + " " + probe + " port").isEqualTo(management);
					}
				}
				checkMountedConfigKeys(deployment, app, literals);
			}
		}
	}

	@Test
	void kubernetesServicesPointAtTheirDeploymentsPorts() {
		for (Map<String, Object> service : kind("Service")) {
			Map<String, Object> selector = map(get(service, "spec.selector"), describe(service));
			Map<String, Object> deployment = kind("Deployment").stream()
				.filter(d -> map(get(d, "spec.template.metadata.labels"), describe(d)).entrySet().containsAll(selector.entrySet()))
				.findFirst()
				.orElseThrow(() -> new AssertionError(describe(service) + " selects no Deployment"));
			Set<Integer> containerPorts = new TreeSet<>();
			for (Map<String, Object> container : list(get(deployment, "spec.template.spec.containers"))) {
				list(container.get("ports")).forEach(p -> containerPorts.add(((Number) p.get("containerPort")).intValue()));
			}
			for (Map<String, Object> port : list(get(service, "spec.ports"))) {
				assertThat(containerPorts).as(describe(service) + " targetPort").contains(((Number) port.get("targetPort")).intValue());
			}
			assertThat(get(service, "spec.type")).as(describe(service) + " is not exposed outside the cluster").isNull();
		}
	}

	/** Sessions are shared (auth server: Spring Session JDBC, issue 18): no Service pins a browser to a pod. */
	@Test
	void kubernetesServicesWhenListedThenNoneHasSessionAffinity() {
		for (Map<String, Object> service : kind("Service")) {
			Object affinity = get(service, "spec.sessionAffinity");
			assertThat(affinity == null || "None".equals(affinity)).as(describe(service) + " sessionAffinity " + affinity).isTrue();
		}
	}

	@Test
	void configMapHoldsTheDeployConfigFilesVerbatimAndTheCatalogueLoads() throws IOException {
		Map<String, Object> configMap = kind("ConfigMap").get(0);
		Map<String, Object> data = map(configMap.get("data"), "ConfigMap data");
		try (Stream<Path> files = Files.list(DEPLOY.resolve("config"))) {
			for (Path file : files.toList()) {
				assertThat(data.get(file.getFileName().toString())).as("ConfigMap entry " + file.getFileName())
					.isEqualTo(Files.readString(file));
			}
		}
		TargetCatalog catalog = TargetCatalogFile.parse(String.valueOf(data.get("targets.yml")), "ConfigMap targets.yml");
		for (Target target : catalog.all()) {
			Map<String, Object> service = kind("Service").stream()
				.filter(s -> target.upstream().getHost().equals(get(s, "metadata.name")))
				.findFirst()
				.orElseThrow(() -> new AssertionError("target " + target.id() + " points at no Service: " + target.upstream()));
			assertThat(list(get(service, "spec.ports"))).extracting(p -> ((Number) p.get("port")).intValue())
				.as("port of target " + target.id())
				.contains(target.upstream().getPort());
		}
	}

	@Test
	void networkPolicyMakesTheGatewayTheOnlyWayIntoTheOtZone() {
		Map<String, Object> policy = named("NetworkPolicy", "ot-only-through-gateway");
		Map<String, Object> otSelector = map(get(policy, "spec.podSelector.matchLabels"), "policy selector");
		assertThat(list0(get(policy, "spec.policyTypes"))).contains((Object) "Ingress");
		List<Map<String, Object>> rules = list(get(policy, "spec.ingress"));
		assertThat(rules).hasSize(1);
		List<Map<String, Object>> from = list(rules.get(0).get("from"));
		assertThat(from).hasSize(1);
		assertThat(from.get(0)).containsOnlyKeys("podSelector");
		Map<String, Object> allowed = map(get(from.get(0), "podSelector.matchLabels"), "allowed peers");
		Map<String, Object> gateway = kind("Deployment").stream()
			.filter(d -> "keygate-gateway".equals(get(d, "metadata.name")))
			.findFirst()
			.orElseThrow();
		assertThat(map(get(gateway, "spec.template.metadata.labels"), "gateway labels")).containsAllEntriesOf(allowed);
		// Every target's upstream is in the zone the policy guards, and nothing else is allowed in.
		List<String> otDeployments = new ArrayList<>();
		for (Map<String, Object> deployment : kind("Deployment")) {
			Map<String, Object> labels = map(get(deployment, "spec.template.metadata.labels"), describe(deployment));
			boolean inOt = labels.entrySet().containsAll(otSelector.entrySet());
			boolean admitted = labels.entrySet().containsAll(allowed.entrySet());
			if (inOt) {
				otDeployments.add(String.valueOf(get(deployment, "metadata.name")));
				assertThat(admitted).as(describe(deployment) + " is in the OT zone and admitted by the policy").isFalse();
			}
		}
		assertThat(otDeployments).containsExactlyInAnyOrder("head-end", "mdm", "scada-historian");
	}

	@Test
	void gatewayHasADisruptionBudgetAndAnAutoscalerThatAgree() {
		Map<String, Object> deployment = kind("Deployment").stream()
			.filter(d -> "keygate-gateway".equals(get(d, "metadata.name")))
			.findFirst()
			.orElseThrow();
		Map<String, Object> pdb = kind("PodDisruptionBudget").get(0);
		Map<String, Object> hpa = kind("HorizontalPodAutoscaler").get(0);
		assertThat(map(get(pdb, "spec.selector.matchLabels"), "pdb selector"))
			.isEqualTo(map(get(deployment, "spec.selector.matchLabels"), "gateway selector"));
		assertThat(get(hpa, "spec.scaleTargetRef.kind")).isEqualTo("Deployment");
		assertThat(get(hpa, "spec.scaleTargetRef.name")).isEqualTo("keygate-gateway");
		int minAvailable = ((Number) get(pdb, "spec.minAvailable")).intValue();
		int minReplicas = ((Number) get(hpa, "spec.minReplicas")).intValue();
		int replicas = ((Number) get(deployment, "spec.replicas")).intValue();
		assertThat(minReplicas).as("several gateways").isGreaterThanOrEqualTo(2);
		assertThat(minAvailable).as("a drain can always proceed").isLessThan(minReplicas);
		assertThat(replicas).isBetween(minReplicas, ((Number) get(hpa, "spec.maxReplicas")).intValue());
	}

	@Test
	void composeServicesUseKnownImagesPortsAndEnvironment() {
		Map<String, Object> services = map(compose.get("services"), "compose services");
		int gateways = 0;
		for (Map.Entry<String, Object> entry : services.entrySet()) {
			Map<String, Object> service = map(entry.getValue(), entry.getKey());
			String image = String.valueOf(service.get("image"));
			if (!image.startsWith("keygate/")) {
				continue;
			}
			ApplicationConfiguration app = app(image);
			gateways += app.name().equals("gateway") ? 1 : 0;
			Map<String, Object> environment = map(service.get("environment"), entry.getKey() + " environment");
			Map<String, String> literals = new LinkedHashMap<>();
			environment.forEach((name, value) -> {
				// SERVICE_BINDING_ROOT: the buildpack's bindings (the CA for the JVM trust store), not the application's.
				assertThat(app.acceptsEnvironment(name) || mountedConfigReads(service, name) || name.equals("SERVICE_BINDING_ROOT"))
					.as("compose " + entry.getKey() + ": " + app.name() + " reads no environment variable " + name).isTrue();
				String text = String.valueOf(value);
				if (isSecretLike(name)) {
					assertThat(text).as("compose " + entry.getKey() + ": " + name + " must come from the environment")
						.matches("\\$\\{[A-Z0-9_]+:\\?[^}]*}");
				}
				literals.put(name, text);
			});
			int port = applicationPort(app, literals);
			for (Object mapping : list0(service.get("ports"))) {
				assertThat(String.valueOf(mapping)).as("compose " + entry.getKey() + " port mapping").endsWith(":" + port);
			}
			for (Object volume : list0(service.get("volumes"))) {
				Path source = DEPLOY.resolve(String.valueOf(volume).split(":")[0]).normalize();
				assertThat(source).as("compose " + entry.getKey() + " mounts an existing file").exists();
			}
		}
		assertThat(gateways).as("several gateway instances").isGreaterThanOrEqualTo(2);
	}

	@Test
	void composeKeepsTheOtSystemsOnAnInternalNetworkOnlyGatewaysJoin() {
		Map<String, Object> services = map(compose.get("services"), "compose services");
		Map<String, Object> networks = map(compose.get("networks"), "compose networks");
		assertThat(get(networks, "ot.internal")).isEqualTo(Boolean.TRUE);
		for (String ot : List.of("head-end", "mdm", "scada-historian")) {
			Map<String, Object> service = map(services.get(ot), ot);
			assertThat(list0(service.get("networks"))).as(ot + " networks").containsExactly("ot");
			assertThat(service).as(ot + " publishes no port").doesNotContainKey("ports");
		}
		services.forEach((name, value) -> {
			Map<String, Object> service = map(value, name);
			// networks: a list of names, or a map of name to settings (aliases)
			Object networksOf = service.get("networks");
			boolean joinsOt = networksOf instanceof Map<?, ?> byName ? byName.containsKey("ot") : list0(networksOf).contains("ot");
			if (joinsOt && !List.of("head-end", "mdm", "scada-historian").contains(name)) {
				assertThat(String.valueOf(service.get("image"))).as(name + " joins the OT network").startsWith("keygate/gateway:");
			}
		});
	}

	@Test
	void simulatorContainersRunTheSimulatorImageWithItsOwnMainClass() throws Exception {
		// The simulator image starts the simulator module's main class: no container overrides it.
		String pom = Files.readString(DEPLOY.resolveSibling("simulator").resolve("pom.xml"));
		Matcher mainClass = Pattern.compile("<mainClass>([\\w.]+)</mainClass>").matcher(pom);
		assertThat(mainClass.find()).as("infra/simulator/pom.xml names a main class").isTrue();
		assertThat(Class.forName(mainClass.group(1))).isEqualTo(SimulatorApplication.class);
		int checked = 0;
		for (Map<String, Object> deployment : kind("Deployment")) {
			for (Map<String, Object> container : list(get(deployment, "spec.template.spec.containers"))) {
				if (String.valueOf(container.get("image")).startsWith("keygate/simulator:")) {
					assertThat(container).as(describe(deployment) + " overrides the simulator's entry point")
						.doesNotContainKeys("command", "args");
					checked++;
				}
			}
		}
		for (Map.Entry<String, Object> service : map(compose.get("services"), "services").entrySet()) {
			Map<String, Object> definition = map(service.getValue(), "service");
			if (String.valueOf(definition.get("image")).startsWith("keygate/simulator:")) {
				assertThat(definition).as(service.getKey() + " overrides the simulator's entry point")
					.doesNotContainKeys("entrypoint", "command");
				checked++;
			}
		}
		assertThat(checked).as("simulator containers in Kubernetes and Compose").isEqualTo(6);
	}

	@Test
	void redisIsReachedOnlyWithAnAclUserAndPasswordFromASecretEverywhere() throws IOException {
		// The configuration files read the URL (which carries user and password) from the environment only.
		for (String file : List.of("gateway-distributed.yml", "auth-server-distributed.yml")) {
			Map<String, Object> keys = ApplicationConfiguration.flatten(yaml().load(configFile(file)));
			assertThat(keys.get("keygate.grant-store.redis-url")).as(file).isEqualTo("${KEYGATE_REDIS_URL}");
			keys.forEach((key, value) -> assertThat(String.valueOf(value)).as(file + " " + key + " holds a Redis URL in clear")
				.doesNotContainPattern("rediss?://"));
		}
		// Kubernetes: each application's URL (its own ACL user) from the Secret, never a literal.
		for (String name : List.of("keygate-auth-server", "keygate-gateway")) {
			Map<String, Object> env = environment(named("Deployment", name)).get("KEYGATE_REDIS_URL");
			assertThat(env).as(name + " KEYGATE_REDIS_URL").isNotNull().doesNotContainKey("value");
			assertThat(get(env, "valueFrom.secretKeyRef.name")).as(name + " Redis URL from a Secret").isEqualTo("keygate-secrets");
		}
		assertThat(get(environment(named("Deployment", "keygate-auth-server")).get("KEYGATE_REDIS_URL"), "valueFrom.secretKeyRef.key"))
			.as("the auth server and the gateways are different ACL users")
			.isNotEqualTo(get(environment(named("Deployment", "keygate-gateway")).get("KEYGATE_REDIS_URL"), "valueFrom.secretKeyRef.key"));
		// Compose: Redis loads its users from a secret file (default user off there), the applications' URLs
		// come from the environment, and nothing in the file holds a Redis URL in clear.
		Map<String, Object> services = map(compose.get("services"), "compose services");
		Map<String, Object> redis = map(services.get("redis"), "redis");
		List<Object> command = list0(redis.get("command"));
		int aclfile = command.indexOf("--aclfile");
		assertThat(aclfile).as("redis-server --aclfile").isNotNegative();
		String aclPath = String.valueOf(command.get(aclfile + 1));
		assertThat(aclPath).startsWith("/run/secrets/");
		String secret = aclPath.substring("/run/secrets/".length());
		assertThat(list0(redis.get("secrets"))).contains(secret);
		assertThat(String.valueOf(get(compose, "secrets." + secret + ".file"))).startsWith("./secrets/");
		assertThat(command).as("no password on Redis's command line").noneMatch(arg -> String.valueOf(arg).contains("requirepass"));
		services.forEach((name, value) -> {
			Map<String, Object> service = map(value, name);
			if (String.valueOf(service.get("image")).matches("keygate/(auth-server|gateway):.*")) {
				assertThat(String.valueOf(get(service, "environment.KEYGATE_REDIS_URL"))).as(name + " KEYGATE_REDIS_URL")
					.matches("\\$\\{[A-Z0-9_]+:\\?[^}]*}");
			}
		});
		String withoutComments = Files.readString(DEPLOY.resolve("compose.yaml")).replaceAll("(?m)^\\s*#.*$", "");
		assertThat(withoutComments).as("compose.yaml holds no Redis URL in clear").doesNotContainPattern("rediss?://");
	}

	@Test
	void integrityKeyIsConfiguredFromASecretForTheAuthServerAndEveryGateway() {
		for (String file : List.of("gateway-distributed.yml", "auth-server-distributed.yml")) {
			Object keys = get(yaml().load(configFile(file)), "keygate.grant-store.integrity-keys");
			List<Map<String, Object>> list = list(keys);
			assertThat(list).as(file + " keygate.grant-store.integrity-keys").hasSize(1);
			assertThat(list.get(0).get("secret")).as(file + " integrity key secret").isEqualTo("${KEYGATE_INTEGRITY_KEY}");
			assertThat(String.valueOf(list.get(0).get("id"))).as(file + " integrity key id").isNotBlank();
		}
		for (String name : List.of("keygate-auth-server", "keygate-gateway")) {
			Map<String, Object> env = environment(named("Deployment", name)).get("KEYGATE_INTEGRITY_KEY");
			assertThat(env).as(name + " KEYGATE_INTEGRITY_KEY").isNotNull().doesNotContainKey("value");
			// One key for all of them: a gateway with another key would refuse every grant.
			assertThat(get(env, "valueFrom.secretKeyRef.name")).isEqualTo("keygate-secrets");
			assertThat(get(env, "valueFrom.secretKeyRef.key")).isEqualTo("integrity-key");
		}
		Map<String, Object> services = map(compose.get("services"), "compose services");
		services.forEach((name, value) -> {
			Map<String, Object> service = map(value, name);
			if (String.valueOf(service.get("image")).matches("keygate/(auth-server|gateway):.*")) {
				assertThat(String.valueOf(get(service, "environment.KEYGATE_INTEGRITY_KEY"))).as(name + " KEYGATE_INTEGRITY_KEY")
					.isEqualTo("${KEYGATE_INTEGRITY_KEY:?set KEYGATE_INTEGRITY_KEY}");
			}
		});
	}

	@Test
	void managementPortsAreServedOnlyToMonitoring() {
		for (String name : List.of("keygate-auth-server", "keygate-gateway")) {
			Map<String, Object> deployment = named("Deployment", name);
			Map<String, Object> container = list(get(deployment, "spec.template.spec.containers")).get(0);
			ApplicationConfiguration app = app(String.valueOf(container.get("image")));
			Map<String, String> literals = new LinkedHashMap<>();
			environment(deployment).forEach((variable, env) -> {
				if (env.get("value") != null) {
					literals.put(variable, String.valueOf(env.get("value")));
				}
			});
			int publicPort = applicationPort(app, literals);
			Integer management = managementPort(app, literals);
			assertThat(management).as(name + " has a management port of its own").isNotNull().isNotEqualTo(publicPort);
			assertThat(literals.get(app.name().equals("gateway") ? "KEYGATE_GATEWAY_MANAGEMENT_ADDRESS" : "KEYGATE_AUTH_MANAGEMENT_ADDRESS"))
				.as(name + " binds its management port for the kubelet and monitoring").isEqualTo("0.0.0.0");
			// The public Service never reaches the management port; a management Service of its own does.
			Map<String, Object> publicService = named("Service", name);
			assertThat(list(get(publicService, "spec.ports"))).extracting(p -> ((Number) p.get("targetPort")).intValue())
				.containsExactly(publicPort);
			Map<String, Object> managementService = named("Service", name + "-management");
			assertThat(list(get(managementService, "spec.ports"))).extracting(p -> ((Number) p.get("targetPort")).intValue())
				.containsExactly(management);
			// The NetworkPolicy admits the management port from the monitoring namespace only.
			Map<String, Object> policy = named("NetworkPolicy", "keygate-management-only-from-monitoring");
			Map<String, Object> podLabels = map(get(deployment, "spec.template.metadata.labels"), name);
			assertThat(podLabels.entrySet()).containsAll(map(get(policy, "spec.podSelector.matchLabels"), "policy").entrySet());
			for (Map<String, Object> rule : list(get(policy, "spec.ingress"))) {
				List<Integer> ports = list(rule.get("ports")).stream().map(p -> ((Number) p.get("port")).intValue()).toList();
				if (ports.contains(management)) {
					assertThat(ports).as("management and public ports in separate rules").doesNotContain(publicPort);
					List<Map<String, Object>> from = list(rule.get("from"));
					assertThat(from).as("who may reach the management port").hasSize(1);
					assertThat(from.get(0)).containsOnlyKeys("namespaceSelector");
					assertThat(map(get(from.get(0), "namespaceSelector.matchLabels"), "monitoring"))
						.containsEntry("kubernetes.io/metadata.name", "monitoring");
				}
				else {
					assertThat(ports).as("public rule").contains(publicPort);
				}
			}
		}
		// Compose publishes no management port.
		Map<String, Object> services = map(compose.get("services"), "compose services");
		services.forEach((name, value) -> {
			Map<String, Object> service = map(value, name);
			String image = String.valueOf(service.get("image"));
			if (image.matches("keygate/(auth-server|gateway):.*")) {
				ApplicationConfiguration app = app(image);
				Integer management = managementPort(app, Map.of());
				assertThat(management).isNotNull();
				for (Object mapping : list0(service.get("ports"))) {
					assertThat(String.valueOf(mapping)).as("compose " + name + " publishes its management port")
						.doesNotEndWith(":" + management);
				}
			}
		});
	}

	@Test
	void networkPoliciesAdmitOnlyKeygatePodsToRedisAndOnlyTheAuthServerToPostgres() {
		Map<String, Object> redis = named("NetworkPolicy", "redis-only-from-keygate");
		Map<String, Object> postgres = named("NetworkPolicy", "postgres-only-from-auth-server");
		for (Map<String, Object> policy : List.of(redis, postgres)) {
			assertThat(get(policy, "metadata.namespace")).isEqualTo("keygate-data");
			assertThat(list0(get(policy, "spec.policyTypes"))).contains((Object) "Ingress");
			List<Map<String, Object>> rules = list(get(policy, "spec.ingress"));
			assertThat(rules).hasSize(1);
			List<Map<String, Object>> from = list(rules.get(0).get("from"));
			assertThat(from).hasSize(1);
			// Namespace AND pod selector in one peer: Keygate's pods in Keygate's namespace, nothing else.
			assertThat(from.get(0)).containsOnlyKeys("namespaceSelector", "podSelector");
			assertThat(map(get(from.get(0), "namespaceSelector.matchLabels"), "namespace"))
				.containsEntry("kubernetes.io/metadata.name", "keygate");
		}
		assertThat(get(redis, "spec.podSelector.matchLabels.app")).isEqualTo("redis");
		assertThat(list(get(redis, "spec.ingress")).get(0).get("ports")).asString().contains("6379");
		Map<String, Object> redisPeer = list(list(get(redis, "spec.ingress")).get(0).get("from")).get(0);
		Map<String, Object> expression = list(get(redisPeer, "podSelector.matchExpressions")).get(0);
		assertThat(expression).containsEntry("key", "app").containsEntry("operator", "In");
		assertThat(list0(expression.get("values"))).containsExactlyInAnyOrder("keygate-auth-server", "keygate-gateway");
		assertThat(get(postgres, "spec.podSelector.matchLabels.app")).isEqualTo("postgres");
		assertThat(list(get(postgres, "spec.ingress")).get(0).get("ports")).asString().contains("5432");
		Map<String, Object> postgresPeer = list(list(get(postgres, "spec.ingress")).get(0).get("from")).get(0);
		assertThat(map(get(postgresPeer, "podSelector.matchLabels"), "postgres peer")).containsExactly(Map.entry("app", "keygate-auth-server"));
		// The labels the policies name are the labels Keygate's pods carry.
		for (String name : List.of("keygate-auth-server", "keygate-gateway")) {
			assertThat(get(named("Deployment", name), "spec.template.metadata.labels.app")).isEqualTo(name);
			assertThat(get(named("Deployment", name), "metadata.namespace")).isEqualTo("keygate");
		}
	}

	private static Map<String, Object> named(String kind, String name) {
		return kind(kind).stream()
			.filter(doc -> name.equals(get(doc, "metadata.name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + kind + " " + name));
	}

	private static Map<String, Map<String, Object>> environment(Map<String, Object> deployment) {
		Map<String, Map<String, Object>> env = new LinkedHashMap<>();
		for (Map<String, Object> container : list(get(deployment, "spec.template.spec.containers"))) {
			for (Map<String, Object> variable : list(container.get("env"))) {
				env.put(String.valueOf(variable.get("name")), variable);
			}
		}
		return env;
	}

	private static Integer namedPort(Map<String, Object> container, String name) {
		for (Map<String, Object> port : list(container.get("ports"))) {
			if (name.equals(String.valueOf(port.get("name")))) {
				return ((Number) port.get("containerPort")).intValue();
			}
		}
		return null;
	}

	/** The management port: {@code management.server.port} in the application's yml, overridden by the environment. */
	private static Integer managementPort(ApplicationConfiguration app, Map<String, String> environment) {
		Object raw = app.ymlValue("management.server.port").orElse(null);
		if (raw == null) {
			return null;
		}
		Matcher matcher = Pattern.compile("\\$\\{([A-Z0-9_]+):(\\d+)}").matcher(String.valueOf(raw));
		if (!matcher.matches()) {
			return Integer.parseInt(String.valueOf(raw));
		}
		return Integer.parseInt(environment.getOrDefault(matcher.group(1), matcher.group(2)));
	}

	/** The port an application listens on: its {@code server.port} placeholder, overridden by the environment. */
	private static int applicationPort(ApplicationConfiguration app, Map<String, String> environment) {
		String raw = String.valueOf(app.ymlValue("server.port").orElseThrow(() -> new AssertionError(app.name() + " has no server.port")));
		Matcher matcher = Pattern.compile("\\$\\{([A-Z0-9_]+):(\\d+)}").matcher(raw);
		if (!matcher.matches()) {
			return Integer.parseInt(raw);
		}
		return Integer.parseInt(environment.getOrDefault(matcher.group(1), matcher.group(2)));
	}

	/** Config files a Deployment mounts must only use keys its application binds, and their placeholders must be set. */
	private static void checkMountedConfigKeys(Map<String, Object> deployment, ApplicationConfiguration app, Map<String, String> literals) {
		for (String file : mountedConfigFiles(deployment)) {
			String text = configFile(file);
			for (Object document : yaml().loadAll(text)) {
				for (String key : ApplicationConfiguration.flatten(document).keySet()) {
					assertThat(app.accepts(key)).as(describe(deployment) + ": " + file + " sets " + key + ", which "
							+ app.name() + " does not bind").isTrue();
				}
			}
			Set<String> declared = new TreeSet<>();
			list(get(deployment, "spec.template.spec.containers"))
				.forEach(c -> list(c.get("env")).forEach(env -> declared.add(String.valueOf(env.get("name")))));
			assertThat(declared).as(describe(deployment) + " sets every variable " + file + " reads")
				.containsAll(ApplicationConfiguration.placeholdersIn(text));
		}
		Objects.requireNonNull(literals);
	}

	private static List<String> mountedConfigFiles(Map<String, Object> deployment) {
		List<String> files = new ArrayList<>();
		for (Map<String, Object> volume : list(get(deployment, "spec.template.spec.volumes"))) {
			for (Map<String, Object> item : list(get(volume, "configMap.items"))) {
				String key = String.valueOf(item.get("key"));
				if (!key.equals("targets.yml")) {
					files.add(key);
				}
			}
		}
		return files;
	}

	private static boolean readByMountedConfig(Map<String, Object> deployment, String variable) {
		return mountedConfigFiles(deployment).stream().anyMatch(file -> ApplicationConfiguration.placeholdersIn(configFile(file)).contains(variable));
	}

	private static boolean mountedConfigReads(Map<String, Object> service, String variable) {
		for (Object volume : list0(service.get("volumes"))) {
			String source = String.valueOf(volume).split(":")[0];
			if (source.startsWith("./config/") && !source.endsWith("targets.yml")) {
				if (ApplicationConfiguration.placeholdersIn(configFile(source.substring("./config/".length()))).contains(variable)) {
					return true;
				}
			}
		}
		return false;
	}

	private static String configFile(String name) {
		try {
			return Files.readString(DEPLOY.resolve("config").resolve(name));
		}
		catch (IOException ex) {
			throw new AssertionError("missing config file " + name, ex);
		}
	}

	private static ApplicationConfiguration app(String image) {
		Matcher matcher = IMAGE.matcher(image);
		if (!matcher.matches()) {
			fail("not a Keygate image: " + image);
		}
		assertThat(matcher.group(2)).as("image tag of " + image).isEqualTo(projectVersion());
		return apps.get(matcher.group(1));
	}

	private static String projectVersion() {
		try {
			Matcher matcher = Pattern.compile("<parent>.*?<version>([^<]+)</version>", Pattern.DOTALL).matcher(Files.readString(Path.of("pom.xml")));
			assertThat(matcher.find()).isTrue();
			return matcher.group(1);
		}
		catch (IOException ex) {
			throw new AssertionError(ex);
		}
	}

	private static boolean isSecretLike(String name) {
		String words = name.startsWith("KEYGATE_") ? name.substring("KEYGATE_".length()) : name;
		return SECRET_WORDS.stream().anyMatch(words::contains);
	}

	private static List<Map<String, Object>> kind(String kind) {
		return k8s.stream().filter(doc -> kind.equals(doc.get("kind"))).toList();
	}

	private static String describe(Map<String, Object> doc) {
		return doc.get("kind") + " " + get(doc, "metadata.name");
	}

	private static Object get(Object root, String path) {
		Object current = root;
		for (String part : path.split("\\.")) {
			if (!(current instanceof Map<?, ?> map)) {
				return null;
			}
			current = map.get(part);
		}
		return current;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value, String what) {
		assertThat(value).as(what + " is a mapping").isInstanceOf(Map.class);
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> list(Object value) {
		return value == null ? List.of() : (List<Map<String, Object>>) value;
	}

	private static List<Object> list0(Object value) {
		if (value == null) {
			return List.of();
		}
		@SuppressWarnings("unchecked")
		List<Object> list = (List<Object>) value;
		return list;
	}

	private static Yaml yaml() {
		LoaderOptions options = new LoaderOptions();
		options.setAllowDuplicateKeys(false);
		return new Yaml(new SafeConstructor(options), new org.yaml.snakeyaml.representer.Representer(new org.yaml.snakeyaml.DumperOptions()),
				new org.yaml.snakeyaml.DumperOptions(), options);
	}

}
