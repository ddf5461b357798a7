package io.keygate.auth.testsupport;

import io.keygate.testsupport.TestClient;
import io.keygate.testsupport.VirtualKey;
import io.keygate.testsupport.TestTrustStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.keygate.auth.AuthServerApplication;
import io.keygate.auth.enrollment.InvitationService;
import io.keygate.policy.identity.Role;

/**
 * One auth-server replica in this JVM: its own application context and port, the test profile and
 * trust store, and whatever database the properties name. Two of them on one database stand for
 * the distributed deployment's replicas behind a load balancer.
 */
public final class RunningAuthServer implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final int port;

	private RunningAuthServer(ConfigurableApplicationContext context) {
		this.context = context;
		this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	/** Starts a replica; {@code properties} win over the test profile's. */
	public static RunningAuthServer start(Map<String, String> properties) {
		List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--spring.profiles.active=test",
				"--spring.main.banner-mode=off",
				"--keygate.webauthn.trust.roots-directory=" + TestTrustStore.rootsDirectory()));
		properties.forEach((name, value) -> arguments.add("--" + name + "=" + value));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(AuthServerApplication.class)
			.web(WebApplicationType.SERVLET)
			.run(arguments.toArray(String[]::new));
		return new RunningAuthServer(context);
	}

	public int port() {
		return this.port;
	}

	/** A new browser (or back-channel caller) talking to this replica. */
	public TestClient client() {
		return new TestClient(this.port);
	}

	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	/** Enrolls {@code email} with {@code key} through this replica's endpoints. */
	public void enroll(VirtualKey key, String email, Role... roles) {
		Ceremonies.enroll(bean(InvitationService.class), client(), key, email, roles);
	}

	/** A browser signed in with {@code key} on this replica. */
	public TestClient signIn(VirtualKey key) {
		TestClient browser = client();
		TestClient.Response answer = Ceremonies.signIn(browser, key);
		if (answer.status() != 200) {
			throw new IllegalStateException("sign-in answered " + answer.status() + ": " + answer.body());
		}
		return browser;
	}

	@Override
	public void close() {
		this.context.close();
	}

}
