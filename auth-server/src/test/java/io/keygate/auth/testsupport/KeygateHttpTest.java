package io.keygate.auth.testsupport;

import java.util.Set;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.keygate.auth.audit.JdbcAuditLog;
import io.keygate.auth.enrollment.InvitationService;
import io.keygate.auth.webauthn.CredentialRepository;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.identity.Role;
import tools.jackson.databind.JsonNode;

/**
 * Base of the tests that drive Keygate through its real HTTP endpoints on a random port, with
 * H2 in memory and webauthn4j's test root CA as the only trusted attestation root.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class KeygateHttpTest {

	@LocalServerPort
	protected int port;

	@Autowired
	protected InvitationService invitations;

	@Autowired
	protected CredentialRepository credentials;

	@Autowired
	protected JdbcAuditLog audit;

	@DynamicPropertySource
	static void trustRoots(DynamicPropertyRegistry registry) {
		registry.add("keygate.webauthn.trust.roots-directory", () -> TestTrustStore.rootsDirectory().toString());
	}

	protected TestClient client() {
		return new TestClient(this.port);
	}

	protected InvitationService.Issued invite(String email, Role... roles) {
		String organisation = email.substring(email.indexOf('@') + 1).replace('.', '-');
		return this.invitations.invite("test-admin", email, "Test " + email, organisation, Set.of(roles), "127.0.0.1");
	}

	/** A person enrolled with {@code key} through the enrollment endpoints, signed in on {@code client}. */
	protected TestClient enroll(VirtualKey key, String email, Role... roles) {
		TestClient client = client();
		InvitationService.Issued issued = invite(email, roles);
		TestClient.Response options = client.post("/enroll/options", java.util.Map.of("token", issued.token()));
		if (options.status() != 200) {
			throw new IllegalStateException("enroll options answered " + options.status() + ": " + options.body());
		}
		String credential = key.create(options.json());
		TestClient.Response finish = client.post("/enroll/finish",
				"{\"token\":\"" + issued.token() + "\",\"label\":\"test key\",\"credential\":" + credential + "}");
		if (finish.status() != 200) {
			throw new IllegalStateException("enroll finish answered " + finish.status() + ": " + finish.body());
		}
		return client;
	}

	/** Signs in with {@code key} on a fresh client; returns the sign-in response and the client. */
	protected SignIn signIn(VirtualKey key) {
		TestClient client = client();
		JsonNode options = client.post("/webauthn/authenticate/options", "{}").json();
		TestClient.Response response = client.post("/login/webauthn", key.get(options));
		return new SignIn(client, response);
	}

	protected record SignIn(TestClient client, TestClient.Response response) {
	}

	protected AuditEvent lastAudit(String action) {
		return this.audit.latestByAction(action, 1).stream().findFirst().orElseThrow(() -> new AssertionError("no " + action + " event"));
	}

}
