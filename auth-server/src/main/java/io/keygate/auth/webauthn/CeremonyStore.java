package io.keygate.auth.webauthn;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.stereotype.Component;

import io.keygate.auth.web.RefusedException;

/**
 * Issues challenges and takes them back exactly once. Challenges live in the HTTP session, one per
 * purpose; starting a ceremony again replaces the old one. The session is Spring Session's, in the
 * database (V98), so the answer may reach any replica; {@link PendingCeremony} is serialised there.
 */
@Component
public class CeremonyStore {

	private static final String PREFIX = CeremonyStore.class.getName() + ".";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final Clock clock;

	private final Duration timeout;

	public CeremonyStore(Clock clock, WebAuthnProperties properties) {
		this.clock = clock;
		this.timeout = properties.challengeTimeout();
	}

	/** 32 random bytes: WebAuthn §13.4.3 asks for at least 16. */
	public static byte[] randomChallenge() {
		byte[] challenge = new byte[32];
		RANDOM.nextBytes(challenge);
		return challenge;
	}

	public PendingCeremony begin(HttpServletRequest request, String purpose, String reference) {
		PendingCeremony ceremony = new PendingCeremony(purpose, randomChallenge(), this.clock.instant(), reference);
		request.getSession(true).setAttribute(PREFIX + purpose, ceremony);
		return ceremony;
	}

	/** Removes and returns the pending ceremony, or refuses when there is none or it is too old. */
	public PendingCeremony take(HttpServletRequest request, String purpose) {
		HttpSession session = request.getSession(false);
		if (session == null) {
			throw new RefusedException(WebAuthnRefusal.NO_CEREMONY, "no session, so no pending " + purpose + " challenge");
		}
		Object pending = session.getAttribute(PREFIX + purpose);
		session.removeAttribute(PREFIX + purpose);
		if (!(pending instanceof PendingCeremony ceremony)) {
			throw new RefusedException(WebAuthnRefusal.NO_CEREMONY,
					"no pending " + purpose + " challenge (never issued, or already answered)");
		}
		Instant now = this.clock.instant();
		if (now.isAfter(ceremony.issuedAt().plus(this.timeout))) {
			throw new RefusedException(WebAuthnRefusal.CHALLENGE_EXPIRED,
					purpose + " challenge issued at " + ceremony.issuedAt() + " expired after " + this.timeout);
		}
		return ceremony;
	}

	public Duration timeout() {
		return this.timeout;
	}

}
