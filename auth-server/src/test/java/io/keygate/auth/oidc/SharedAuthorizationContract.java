package io.keygate.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.keygate.auth.testsupport.RunningAuthServer;
import io.keygate.testsupport.TestClient;
import io.keygate.testsupport.VirtualKey;
import io.keygate.policy.identity.Role;

/**
 * Two auth-server replicas on one database, as behind the distributed deployment's load
 * balancer: the browser signs in and gets its code from replica A; the gateway's back-channel
 * call reaches replica B. B must find the code (with its PKCE challenge and the signed-in person)
 * in the shared store, and its tokens must verify with the keys A publishes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SharedAuthorizationContract {

	/** Configured, as in production: with the issuer taken from each request, A and B would differ by port. */
	static final String ISSUER = "https://keygate.example.test";

	private RunningAuthServer a;

	private RunningAuthServer b;

	/** The datasource properties of one database both replicas use. */
	protected abstract Map<String, String> sharedDatabase();

	@BeforeAll
	void startTwoReplicas() {
		Map<String, String> properties = new LinkedHashMap<>(sharedDatabase());
		properties.put("keygate.oidc.issuer", ISSUER);
		this.a = RunningAuthServer.start(properties);
		this.b = RunningAuthServer.start(properties);
	}

	@AfterAll
	void stopReplicas() {
		if (this.b != null) {
			this.b.close();
		}
		if (this.a != null) {
			this.a.close();
		}
	}

	@Test
	void codeIssuedByOneReplicaWhenRedeemedAtAnotherThenIdTokenVerifiesWithFirstReplicasJwks() throws Exception {
		VirtualKey key = VirtualKey.packed();
		this.a.enroll(key, "rita@landis.example", Role.VENDOR_ENGINEER);
		Instant beforeSignIn = Instant.now().minusSeconds(1);
		TestClient browser = this.a.signIn(key);
		String verifier = CodeFlow.verifier();
		TestClient.Response authorize = CodeFlow.authorize(browser, verifier);
		assertThat(authorize.status()).isEqualTo(302);
		String code = CodeFlow.parameters(authorize.header("Location")).get("code");
		assertThat(code).isNotBlank();

		TestClient.Response token = CodeFlow.redeem(this.b.client(), code, verifier);

		assertThat(token.status()).as(token.body()).isEqualTo(200);
		JWKSet jwksOfA = JWKSet.parse(this.a.client().getJson("/oauth2/jwks").body());
		SignedJWT idToken = SignedJWT.parse(token.json().get("id_token").asString());
		assertThat(idToken.verify(new RSASSAVerifier(jwksOfA.getKeyByKeyId(idToken.getHeader().getKeyID()).toRSAKey())))
			.isTrue();
		JWTClaimsSet claims = idToken.getJWTClaimsSet();
		assertThat(claims.getIssuer()).isEqualTo(ISSUER);
		assertThat(claims.getSubject()).isEqualTo("rita@landis.example");
		assertThat(claims.getAudience()).containsExactly(CodeFlow.CLIENT_ID);
		assertThat(claims.getStringClaim("nonce")).isEqualTo("nonce-456");
		// Read back from the stored sign-in on B: how and when the key was used, and who it is.
		assertThat(claims.getStringListClaim("amr")).containsExactly("hwk", "pin");
		assertThat(claims.getLongClaim("auth_time")).isBetween(beforeSignIn.getEpochSecond(), Instant.now().getEpochSecond());
		assertThat(claims.getStringClaim("organisation")).isEqualTo("landis-example");
		assertThat(claims.getStringListClaim("roles")).containsExactly("VENDOR_ENGINEER");
		assertThat(claims.getStringClaim("name")).isEqualTo("Test rita@landis.example");
		SignedJWT accessToken = SignedJWT.parse(token.json().get("access_token").asString());
		assertThat(accessToken.verify(new RSASSAVerifier(jwksOfA.getKeyByKeyId(accessToken.getHeader().getKeyID()).toRSAKey())))
			.isTrue();
	}

	@Test
	void codeRedeemedAtOneReplicaWhenReplayedAtTheOtherThenRefused() {
		VirtualKey key = VirtualKey.packed();
		this.a.enroll(key, "replay@landis.example", Role.VENDOR_ENGINEER);
		TestClient browser = this.a.signIn(key);
		String verifier = CodeFlow.verifier();
		String code = CodeFlow.parameters(CodeFlow.authorize(browser, verifier).header("Location")).get("code");
		assertThat(CodeFlow.redeem(this.b.client(), code, verifier).status()).isEqualTo(200);

		TestClient.Response replay = CodeFlow.redeem(this.a.client(), code, verifier);

		assertThat(replay.status()).isEqualTo(400);
		assertThat(replay.oauthError()).isEqualTo("invalid_grant");
	}

	@Test
	void refreshTokenIssuedByOneReplicaWhenUsedAtTheOtherThenNewTokensForTheSamePerson() throws Exception {
		VirtualKey key = VirtualKey.packed();
		this.a.enroll(key, "refresh@landis.example", Role.APPROVER);
		TestClient browser = this.a.signIn(key);
		String verifier = CodeFlow.verifier();
		String code = CodeFlow.parameters(CodeFlow.authorize(browser, verifier).header("Location")).get("code");
		TestClient.Response tokens = CodeFlow.redeem(this.b.client(), code, verifier);
		assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);

		TestClient.Response refreshed = CodeFlow.refresh(this.a.client(), tokens.json().get("refresh_token").asString());

		assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
		JWTClaimsSet access = SignedJWT.parse(refreshed.json().get("access_token").asString()).getJWTClaimsSet();
		assertThat(access.getSubject()).isEqualTo("refresh@landis.example");
		assertThat(access.getStringListClaim("roles")).containsExactly("APPROVER");
		assertThat(access.getStringListClaim("amr")).containsExactly("hwk", "pin");
	}

	@Test
	void codeWhenRedeemedAtAnotherReplicaWithWrongVerifierThenRefused() {
		VirtualKey key = VirtualKey.packed();
		this.a.enroll(key, "pkce@landis.example", Role.VENDOR_ENGINEER);
		TestClient browser = this.a.signIn(key);
		String code = CodeFlow.parameters(CodeFlow.authorize(browser, CodeFlow.verifier()).header("Location")).get("code");

		TestClient.Response token = CodeFlow.redeem(this.b.client(), code, CodeFlow.verifier());

		assertThat(token.status()).isEqualTo(400);
		assertThat(token.oauthError()).isEqualTo("invalid_grant");
	}

	@Test
	void authorizationWhenIssuedThenStoredInTheSharedTable() {
		VirtualKey key = VirtualKey.packed();
		this.a.enroll(key, "row@landis.example", Role.VENDOR_ENGINEER);
		TestClient browser = this.a.signIn(key);
		String code = CodeFlow.parameters(CodeFlow.authorize(browser, CodeFlow.verifier()).header("Location")).get("code");

		long rows = this.b.bean(JdbcClient.class)
			.sql("select count(*) from oauth2_authorization where authorization_code_value = :code and principal_name = :who")
			.param("code", code)
			.param("who", "row@landis.example")
			.query(Long.class)
			.single();

		assertThat(rows).isEqualTo(1);
	}

}
