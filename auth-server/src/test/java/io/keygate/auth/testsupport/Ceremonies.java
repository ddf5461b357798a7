package io.keygate.auth.testsupport;

import io.keygate.testsupport.TestClient;
import io.keygate.testsupport.VirtualKey;

import java.util.Map;
import java.util.Set;

import io.keygate.auth.enrollment.InvitationService;
import io.keygate.policy.identity.Role;
import tools.jackson.databind.JsonNode;

/** Enrollment and sign-in through the real endpoints, with an emulated hardware key. */
public final class Ceremonies {

	private Ceremonies() {
	}

	/**
	 * An invitation for {@code email}, issued at once (a fixture: no second admin); the organisation
	 * is the e-mail's domain with dots as dashes.
	 */
	public static InvitationService.Issued invite(InvitationService invitations, String email, Role... roles) {
		String organisation = email.substring(email.indexOf('@') + 1).replace('.', '-');
		// Each fixture person is invited by a fixture admin of their own: accounts enrolled by one
		// admin are one person's for the approval rule, and fixtures stand for independent people.
		return invitations.invite("test-admin-" + java.util.UUID.randomUUID().toString().substring(0, 8), email,
				"Test " + email, organisation, Set.of(roles), "127.0.0.1");
	}

	/** Invites {@code email} and registers {@code key} through the enrollment endpoints on {@code client}. */
	public static void enroll(InvitationService invitations, TestClient client, VirtualKey key, String email, Role... roles) {
		InvitationService.Issued issued = invite(invitations, email, roles);
		TestClient.Response options = client.post("/enroll/options", Map.of("token", issued.token()));
		if (options.status() != 200) {
			throw new IllegalStateException("enroll options answered " + options.status() + ": " + options.body());
		}
		String credential = key.create(options.json());
		TestClient.Response finish = client.post("/enroll/finish",
				"{\"token\":\"" + issued.token() + "\",\"label\":\"test key\",\"credential\":" + credential + "}");
		if (finish.status() != 200) {
			throw new IllegalStateException("enroll finish answered " + finish.status() + ": " + finish.body());
		}
	}

	/** Signs in with {@code key} on {@code client}; returns the sign-in's answer. */
	public static TestClient.Response signIn(TestClient client, VirtualKey key) {
		JsonNode options = client.post("/webauthn/authenticate/options", "{}").json();
		return client.post("/login/webauthn", key.get(options));
	}

}
