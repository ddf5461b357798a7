package io.keygate.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.test.context.ActiveProfiles;

/** The application sweeps expired authorizations on its own, at the configured interval. */
@SpringBootTest(properties = "keygate.oidc.authorization-sweep-interval=PT0.2S")
@ActiveProfiles("test")
class ExpiredAuthorizationSweepTest {

	@Autowired
	OAuth2AuthorizationService authorizations;

	@Autowired
	RegisteredClientRepository clients;

	private OAuth2Authorization withCodeExpiringAt(String id, Instant expiresAt) {
		RegisteredClient gateway = this.clients.findByClientId("keygate-gateway");
		return OAuth2Authorization.withRegisteredClient(gateway)
			.id(id)
			.principalName("sweep@itron.example")
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.token(new OAuth2AuthorizationCode("code-" + id, expiresAt.minusSeconds(60), expiresAt))
			.build();
	}

	@Test
	void scheduleWhenAnAuthorizationHasExpiredThenItIsRemovedWithoutAnyoneAskingAndLiveOnesStay() {
		Instant now = Instant.now();
		this.authorizations.save(withCodeExpiringAt("live", now.plus(Duration.ofHours(1))));
		this.authorizations.save(withCodeExpiringAt("expired", now.minus(Duration.ofMinutes(1))));

		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(this.authorizations.findById("expired")).isNull());

		assertThat(this.authorizations.findById("live")).isNotNull();
	}

}
