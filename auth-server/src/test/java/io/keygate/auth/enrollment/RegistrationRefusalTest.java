package io.keygate.auth.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import io.keygate.auth.account.AccountRepository;
import io.keygate.auth.testsupport.KeygateHttpTest;
import io.keygate.testsupport.TestClient;
import io.keygate.testsupport.VirtualKey;
import io.keygate.auth.webauthn.WebAuthnRefusal;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.identity.Role;
import tools.jackson.databind.JsonNode;

/** Every registration refusal: its status, its message, its audit reason, and that nothing was stored. */
class RegistrationRefusalTest extends KeygateHttpTest {

	@Autowired
	AccountRepository accounts;

	@Autowired
	InvitationRepository invitationRepository;

	private record Attempt(InvitationService.Issued issued, TestClient.Response response) {
	}

	private Attempt attempt(VirtualKey key, String email, UnaryOperator<JsonNode> optionsSeenByKey) {
		TestClient client = client();
		InvitationService.Issued issued = invite(email, Role.VENDOR_ENGINEER);
		TestClient.Response options = client.post("/enroll/options", Map.of("token", issued.token()));
		assertThat(options.status()).isEqualTo(200);
		String credential = key.create(optionsSeenByKey.apply(options.json()));
		TestClient.Response finish = client.post("/enroll/finish",
				"{\"token\":\"" + issued.token() + "\",\"credential\":" + credential + "}");
		return new Attempt(issued, finish);
	}

	private void assertRefused(Attempt attempt, WebAuthnRefusal refusal) {
		assertThat(attempt.response().status()).isEqualTo(refusal.status().value());
		assertThat(attempt.response().detail()).isEqualTo(refusal.message());
		String email = attempt.issued().invitation().email();
		assertThat(this.accounts.findByEmail(email)).as("no account stored").isEmpty();
		assertThat(this.credentials.findBySubject(email)).as("no key stored").isEmpty();
		assertThat(this.invitationRepository.findById(attempt.issued().invitation().id()).orElseThrow().usedAt())
			.as("invitation not consumed")
			.isNull();
		AuditEvent event = lastAudit("webauthn.registration.refused");
		assertThat(event.entry().actor()).isEqualTo(email);
		assertThat(event.entry().reason()).isEqualTo(refusal.name());
	}

	@Test
	void enrollWhenNoneAttestationThenForbiddenAsNotApprovedAndNothingStored() {
		assertRefused(attempt(VirtualKey.noneAttestation(), "none@vendor.example", UnaryOperator.identity()),
				WebAuthnRefusal.ATTESTATION_MISSING);
	}

	@Test
	void enrollWhenAttestationChainsToUnknownRootThenForbiddenAsUntrustedAndNothingStored() {
		assertRefused(attempt(VirtualKey.untrustedRoot(), "untrusted@vendor.example", UnaryOperator.identity()),
				WebAuthnRefusal.ATTESTATION_UNTRUSTED);
	}

	@Test
	void enrollWhenBackupEligibleThenForbiddenAsSyncedPasskeyAndNothingStored() {
		assertRefused(attempt(VirtualKey.backupEligible(), "synced@vendor.example", UnaryOperator.identity()),
				WebAuthnRefusal.BACKUP_ELIGIBLE);
	}

	@Test
	void enrollWhenUserNotVerifiedThenForbiddenAsPinRequiredAndNothingStored() {
		assertRefused(attempt(VirtualKey.withoutPin(), "nopin@vendor.example", VirtualKey::withoutUserVerification),
				WebAuthnRefusal.USER_NOT_VERIFIED);
	}

	@Test
	void enrollWhenMadeForAnotherOriginThenBadRequestAndNothingStored() {
		assertRefused(attempt(VirtualKey.packedAt("http://evil.example"), "phished@vendor.example", UnaryOperator.identity()),
				WebAuthnRefusal.WRONG_ORIGIN);
	}

	@Test
	void enrollWhenMadeForAnotherRelyingPartyIdThenBadRequestAndNothingStored() {
		assertRefused(attempt(VirtualKey.packed(), "rpid@vendor.example", options -> VirtualKey.withRpId(options, "evil.example")),
				WebAuthnRefusal.WRONG_RP_ID);
	}

	@Test
	void enrollWhenChallengeReplayedThenBadRequestAndNothingMoreStored() {
		TestClient client = client();
		InvitationService.Issued issued = invite("replay@vendor.example", Role.VENDOR_ENGINEER);
		JsonNode options = client.post("/enroll/options", Map.of("token", issued.token())).json();
		String body = "{\"token\":\"" + issued.token() + "\",\"credential\":" + VirtualKey.packed().create(options) + "}";
		assertThat(client.post("/enroll/finish", body).status()).isEqualTo(200);
		long keys = this.credentials.count();

		TestClient.Response replay = client.post("/enroll/finish", body);

		assertThat(replay.status()).isEqualTo(400);
		assertThat(replay.detail()).isEqualTo(WebAuthnRefusal.NO_CEREMONY.message());
		assertThat(this.credentials.count()).isEqualTo(keys);
	}

	@Test
	void enrollWhenInvitationAlreadyUsedThenGoneAndNothingStored() {
		TestClient first = client();
		InvitationService.Issued issued = invite("twice@vendor.example", Role.VENDOR_ENGINEER);
		JsonNode options = first.post("/enroll/options", Map.of("token", issued.token())).json();
		first.post("/enroll/finish", "{\"token\":\"" + issued.token() + "\",\"credential\":" + VirtualKey.packed().create(options) + "}");
		long keys = this.credentials.count();

		TestClient.Response again = client().post("/enroll/options", Map.of("token", issued.token()));

		assertThat(again.status()).isEqualTo(410);
		assertThat(again.detail()).isEqualTo(EnrollmentLinkRefusal.INVITATION_USED.message());
		assertThat(this.credentials.count()).isEqualTo(keys);
		assertThat(lastAudit("enrollment.refused").entry().reason()).isEqualTo("INVITATION_USED");
	}

	@Test
	void enrollWhenInvitationExpiredThenGoneAndNothingStored() {
		Instant created = Instant.now().minus(25, ChronoUnit.HOURS);
		Invitation expired = new Invitation("expired-invitation", "late@vendor.example", "Late", "vendor-example",
				Set.of(Role.VENDOR_ENGINEER), "test-admin", created, created.plus(24, ChronoUnit.HOURS), null, null);
		String token = "expired-token-expired-token-expired-token";
		this.invitationRepository.insert(expired, InvitationService.hash(token));

		TestClient.Response response = client().post("/enroll/options", Map.of("token", token));

		assertThat(response.status()).isEqualTo(410);
		assertThat(response.detail()).isEqualTo(EnrollmentLinkRefusal.INVITATION_EXPIRED.message());
		assertThat(this.accounts.findByEmail("late@vendor.example")).isEmpty();
		assertThat(lastAudit("enrollment.refused").entry().reason()).isEqualTo("INVITATION_EXPIRED");
	}

	@Test
	void enrollWhenTokenUnknownThenNotFound() {
		TestClient.Response response = client().post("/enroll/options", Map.of("token", "no-such-token-no-such-token-no-such"));

		assertThat(response.status()).isEqualTo(404);
		assertThat(response.detail()).isEqualTo(EnrollmentLinkRefusal.INVITATION_UNKNOWN.message());
	}

	@Test
	void invitationWhenStoredThenOnlyTheTokenHashIsKept() {
		InvitationService.Issued issued = invite("hashed@vendor.example", Role.APPROVER);

		assertThat(this.invitationRepository.findByTokenHash(InvitationService.hash(issued.token()))).isPresent();
		assertThat(this.invitationRepository.findByTokenHash(issued.token())).isEmpty();
		assertThat(issued.invitation().expiresAt()).isEqualTo(issued.invitation().createdAt().plus(24, ChronoUnit.HOURS));
	}

}
