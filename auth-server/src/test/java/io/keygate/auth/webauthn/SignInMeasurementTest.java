package io.keygate.auth.webauthn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.keygate.auth.testsupport.KeygateHttpTest;
import io.keygate.testsupport.TestClient;
import io.keygate.testsupport.VirtualKey;
import io.keygate.policy.identity.Role;

/**
 * Measures (prints, never asserts on time) the server side of a full sign-in ceremony over
 * loopback HTTP: options request plus assertion verification, counter update and audit append.
 * The emulator's signing happens between the two calls and is excluded.
 */
class SignInMeasurementTest extends KeygateHttpTest {

	@Test
	void signInWhenRepeatedThenEverySignInSucceedsAndLatencyIsReported() {
		VirtualKey key = VirtualKey.packed();
		enroll(key, "measured@itron.example", Role.VENDOR_ENGINEER);
		List<Long> micros = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			TestClient client = client();
			long start = System.nanoTime();
			var options = client.post("/webauthn/authenticate/options", "{}").json();
			long optionsDone = System.nanoTime();
			String assertion = key.get(options);
			long signStart = System.nanoTime();
			TestClient.Response response = client.post("/login/webauthn", assertion);
			long end = System.nanoTime();
			assertThat(response.status()).isEqualTo(200);
			if (i >= 10) {
				micros.add(((optionsDone - start) + (end - signStart)) / 1_000);
			}
		}
		Collections.sort(micros);
		System.out.printf("MEASURED sign-in server time over loopback HTTP (50 runs after 10 warm-up, H2): p50 %.1f ms, p95 %.1f ms, max %.1f ms%n",
				micros.get(micros.size() / 2) / 1000.0, micros.get((int) (micros.size() * 0.95)) / 1000.0,
				micros.get(micros.size() - 1) / 1000.0);
		assertThat(this.audit.verify().intact()).isTrue();
	}

}
