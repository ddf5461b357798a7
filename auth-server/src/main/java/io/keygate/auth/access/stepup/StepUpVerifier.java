package io.keygate.auth.access.stepup;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.keygate.auth.access.AccessRefusal;
import io.keygate.auth.access.Rows;
import io.keygate.auth.access.request.ApprovalEvidence;
import io.keygate.auth.web.RefusedException;
import io.keygate.auth.webauthn.AssertionEvidence;
import io.keygate.auth.webauthn.KeyAssertions;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.request.AccessRequest;

/**
 * The approver's fresh key touch, bound to one request. The challenge is
 * {@code SHA-256(request id, target, level, window, requester, organisation, nonce)}: the key
 * signs exactly what is being approved, so an assertion made for another request (or for another
 * window of the same request) cannot be used here. The nonce is single-use, short-lived and
 * belongs to one approver; it is burnt before the signature is checked, so a failed attempt
 * cannot be retried with the same challenge. The signature itself is verified by the identity
 * feature's {@link KeyAssertions} (strict relying party, the approver's own registered keys,
 * user verification, counter moving forward).
 */
public final class StepUpVerifier {

	private static final int MAX_CREDENTIAL_JSON = 8000;

	private final JdbcClient jdbc;

	private final KeyAssertions keys;

	private final Duration lifetime;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	public StepUpVerifier(JdbcClient jdbc, KeyAssertions keys, Duration lifetime, Clock clock) {
		this.jdbc = jdbc;
		this.keys = keys;
		this.lifetime = lifetime;
		this.clock = clock;
	}

	/** Issues a single-use challenge for {@code approver} to approve {@code request}. */
	public StepUpChallenge issue(AccessRequest request, Actor approver) {
		return issue(actionOf(request), approver);
	}

	/**
	 * Issues a single-use challenge for {@code who} to say yes to {@code action}: the same
	 * mechanism approvals use (nonce burnt on use, the person's own keys, user verification).
	 */
	public StepUpChallenge issue(KeySignedAction action, Actor who) {
		byte[] nonce = new byte[32];
		this.random.nextBytes(nonce);
		String nonceId = b64(nonce);
		Instant now = this.clock.instant();
		Instant expires = now.plus(this.lifetime);
		byte[] challenge = challengeFor(action, nonce);
		this.jdbc.sql("insert into step_up_challenge (id, request_id, approver, challenge, created_at, expires_at, used_at) "
				+ "values (:id, :request, :approver, :challenge, :created, :expires, null)")
			.param("id", nonceId)
			.param("request", action.reference())
			.param("approver", who.subject())
			.param("challenge", b64(challenge))
			.param("created", Rows.at(now))
			.param("expires", Rows.at(expires))
			.update();
		Map<String, Object> options = new java.util.LinkedHashMap<>(this.keys.stepUpOptions(who.subject(), challenge));
		options.put("timeout", this.lifetime.toMillis());
		return new StepUpChallenge(nonceId, action.reference(), options, expires);
	}

	/**
	 * Burns the challenge and verifies the assertion against the approver's registered keys and the
	 * challenge recomputed from {@code request} as it stands. Returns the evidence to keep.
	 */
	public ApprovalEvidence verify(AccessRequest request, Actor approver, StepUpAssertion assertion, String clientAddress) {
		return verify(actionOf(request), approver, assertion, clientAddress);
	}

	/**
	 * Burns the challenge and verifies that {@code who} signed {@code action} (recomputed as it
	 * stands now) with one of their own registered keys. Returns the evidence to keep.
	 */
	public ApprovalEvidence verify(KeySignedAction action, Actor who, StepUpAssertion assertion, String clientAddress) {
		Actor approver = who;
		if (assertion == null || assertion.challengeId() == null || assertion.challengeId().isBlank()
				|| assertion.challengeId().length() > 64 || assertion.credentialJson() == null
				|| assertion.credentialJson().isBlank() || assertion.credentialJson().length() > MAX_CREDENTIAL_JSON) {
			throw new RefusedException(AccessRefusal.STEP_UP_INVALID, "step-up assertion missing or malformed");
		}
		Instant now = this.clock.instant();
		consume(assertion.challengeId(), action.reference(), approver.subject(), now);
		byte[] challenge = challengeFor(action, decode(assertion.challengeId()));
		AssertionEvidence evidence;
		try {
			evidence = this.keys.stepUp(approver.subject(), challenge, assertion.credentialJson(), action.purpose(),
					action.reference(), clientAddress);
		}
		catch (RefusedException ex) {
			throw new RefusedException(AccessRefusal.STEP_UP_INVALID,
					"key assertion refused: " + ex.refusal() + ": " + ex.getMessage(), ex);
		}
		return new ApprovalEvidence(UUID.randomUUID().toString(), evidence.credentialId(), b64(challenge),
				assertion.credentialJson(), evidence.signatureCount());
	}

	/**
	 * Deletes challenges that expired before {@code before}. Their values stay in the approvals
	 * they were used for; the rest proves nothing.
	 */
	public int forgetOlderThan(Instant before) {
		try {
			return this.jdbc.sql("delete from step_up_challenge where expires_at < :before")
				.param("before", Rows.at(before))
				.update();
		}
		catch (org.springframework.dao.DataAccessException ex) {
			return 0;
		}
	}

	private void consume(String challengeId, String requestId, String approver, Instant now) {
		int used = this.jdbc.sql("update step_up_challenge set used_at = :now where id = :id and request_id = :request "
				+ "and approver = :approver and used_at is null and expires_at > :now")
			.param("now", Rows.at(now))
			.param("id", challengeId)
			.param("request", requestId)
			.param("approver", approver)
			.update();
		if (used == 1) {
			return;
		}
		Optional<String> owner = this.jdbc.sql("select request_id || ' ' || approver from step_up_challenge where id = :id")
			.param("id", challengeId)
			.query(String.class)
			.optional();
		if (owner.isPresent() && owner.get().equals(requestId + " " + approver)) {
			throw new RefusedException(AccessRefusal.STEP_UP_EXPIRED, "challenge " + challengeId + " expired or used");
		}
		throw new RefusedException(AccessRefusal.STEP_UP_INVALID, "challenge " + challengeId + " unknown or issued for "
				+ owner.orElse("nobody") + ", presented by " + approver + " for " + requestId);
	}

	/** The bytes the key signs for {@code request}: everything an approver says yes to, and the nonce. */
	static byte[] challengeFor(AccessRequest request, byte[] nonce) {
		return challengeFor(actionOf(request), nonce);
	}

	/** An approval as a key-signed action: everything an approver says yes to. */
	static KeySignedAction actionOf(AccessRequest request) {
		return new KeySignedAction(request.id(), "request.approve", List.of("keygate-approval-v1", request.id(),
				request.targetId(), request.level(), request.start().map(Instant::toString).orElse("on-approval"),
				request.duration().toString(), request.requester(), request.organisation()));
	}

	static byte[] challengeFor(KeySignedAction action, byte[] nonce) {
		String binding = String.join("\n", action.fields());
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			sha.update(binding.getBytes(StandardCharsets.UTF_8));
			sha.update((byte) 0);
			sha.update(nonce);
			return sha.digest();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 missing from the JDK (this is a bug)", ex);
		}
	}

	private static byte[] decode(String base64url) {
		try {
			return Base64.getUrlDecoder().decode(base64url);
		}
		catch (IllegalArgumentException ex) {
			throw new RefusedException(AccessRefusal.STEP_UP_INVALID, "challenge id is not base64url", ex);
		}
	}

	static String b64(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
