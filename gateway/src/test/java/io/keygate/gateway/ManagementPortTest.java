package io.keygate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.keygate.gateway.testsupport.RecordingUpstream;
import io.keygate.gateway.testsupport.TestGateway;
import io.keygate.gateway.testsupport.TestSignin;

/**
 * Metrics and health live on the management port only. On the public port, {@code /actuator/prometheus}
 * would tell any visitor which targets are decoys (deny-reason counters), signed in or not.
 */
class ManagementPortTest {

	private static final HttpClient http = HttpClient.newHttpClient();

	private static RecordingUpstream upstream;

	private static TestGateway gateway;

	@BeforeAll
	static void start() {
		upstream = new RecordingUpstream();
		gateway = TestGateway.start(null, TestGateway.properties(upstream, Map.of()));
	}

	@AfterAll
	static void stop() {
		gateway.close();
		upstream.close();
	}

	private static HttpResponse<String> get(String url, boolean signedIn) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
		if (signedIn) {
			request.header(TestSignin.SUBJECT, "ann@itron").header(TestSignin.ORGANISATION, "itron");
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void publicPortWhenActuatorAskedThenRefusedEvenSignedIn() throws Exception {
		// A decision first, so that the counters exist and would show up if exposed.
		get(gateway.url() + "/t/historian/x", true);
		for (String path : new String[] { "/actuator/prometheus", "/actuator/health", "/actuator/metrics", "/actuator" }) {
			for (boolean signedIn : new boolean[] { false, true }) {
				HttpResponse<String> response = get(gateway.url() + path, signedIn);
				// Refused (403/404), or sent to sign in (302) where the path is not one of the management rules; never served.
				assertThat(response.statusCode()).as(path + (signedIn ? " signed in" : "")).isIn(302, 403, 404);
				if (path.equals("/actuator/prometheus") || path.equals("/actuator/health")) {
					assertThat(response.statusCode()).as(path + (signedIn ? " signed in" : "")).isIn(403, 404);
				}
				assertThat(response.body()).doesNotContain("keygate_gateway", "\"UP\"");
			}
		}
		assertThat(gateway.managementUrl()).isNotEqualTo(gateway.url());
	}

	@Test
	void managementPortWhenAskedThenMetricsAndHealth() throws Exception {
		get(gateway.url() + "/t/historian/x", true);

		HttpResponse<String> metrics = get(gateway.managementUrl() + "/actuator/prometheus", false);
		assertThat(metrics.statusCode()).isEqualTo(200);
		assertThat(metrics.body()).contains("keygate_gateway_decisions_total");
		HttpResponse<String> health = get(gateway.managementUrl() + "/actuator/health", false);
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"UP\"");
	}

}
