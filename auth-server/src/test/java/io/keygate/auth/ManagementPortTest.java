package io.keygate.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.Environment;

import io.keygate.auth.testsupport.RunningAuthServer;

/** Health (and every other actuator endpoint) lives on the management port only, never on the public port. */
class ManagementPortTest {

	private static final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	private static RunningAuthServer server;

	@BeforeAll
	static void start() {
		server = RunningAuthServer.start(Map.of());
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	private static HttpResponse<String> get(int port, String path) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static int managementPort() {
		return Integer.parseInt(server.bean(Environment.class).getProperty("local.management.port"));
	}

	@Test
	void publicPortWhenActuatorAskedThenNotServed() throws Exception {
		for (String path : new String[] { "/actuator/health", "/actuator/prometheus", "/actuator/info", "/actuator" }) {
			HttpResponse<String> response = get(server.port(), path);
			assertThat(response.statusCode()).as(path).isIn(302, 401, 403, 404);
			assertThat(response.body()).as(path).doesNotContain("\"UP\"", "_total");
		}
		assertThat(managementPort()).isNotEqualTo(server.port());
	}

	@Test
	void managementPortWhenHealthAskedThenUp() throws Exception {
		HttpResponse<String> health = get(managementPort(), "/actuator/health");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"UP\"");
	}

}
