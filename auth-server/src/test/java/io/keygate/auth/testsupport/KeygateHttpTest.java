package io.keygate.auth.testsupport;

import io.keygate.testsupport.TestClient;
import io.keygate.testsupport.VirtualKey;
import io.keygate.testsupport.TestTrustStore;

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
		return Ceremonies.invite(this.invitations, email, roles);
	}

	/** A person enrolled with {@code key} through the enrollment endpoints, signed in on {@code client}. */
	protected TestClient enroll(VirtualKey key, String email, Role... roles) {
		TestClient client = client();
		Ceremonies.enroll(this.invitations, client, key, email, roles);
		return client;
	}

	/** Signs in with {@code key} on a fresh client; returns the sign-in response and the client. */
	protected SignIn signIn(VirtualKey key) {
		TestClient client = client();
		return new SignIn(client, Ceremonies.signIn(client, key));
	}

	protected record SignIn(TestClient client, TestClient.Response response) {
	}

	protected AuditEvent lastAudit(String action) {
		return this.audit.latestByAction(action, 1).stream().findFirst().orElseThrow(() -> new AssertionError("no " + action + " event"));
	}

}
