package io.keygate.gateway.live;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.keygate.gateway.session.SessionBinding;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.live.LiveSessionReport;

/**
 * What this gateway knows of each live session (one gateway browser session using one grant) for
 * the live view: counters bumped on the request path, read once per heartbeat. The hot path costs
 * a map lookup and a few additions; nothing is written to the store per request.
 * <p>
 * A terminated session is remembered (until its grant ends) so that its further requests are
 * denied {@code SESSION_TERMINATED}; the person gets a new browser session, and with it a new live
 * session, by signing in again. Requests without a browser session (bearer clients) share one live
 * session per grant on this gateway, so terminating it stops them until the grant ends.
 */
public final class LiveSessionTracker {

	/**
	 * The map key: a record, so a lookup hashes two strings whose hashes they cache, instead of
	 * building and hashing a new concatenated string on every request.
	 */
	private record SessionKey(String browserSession, String grantId) {
	}

	/** Counters of one live session; the request path only adds to them. */
	public static final class Counters {

		private final SessionKey key;

		/** {@link #key(String, String)} of it, as the registry's WebSocket counts are keyed. */
		private final String keyText;

		private final String publicId;

		private final Grant grant;

		private final Instant started;

		private final LongAdder requests = new LongAdder();

		private final LongAdder bytes = new LongAdder();

		private volatile long lastRequestMillis;

		private volatile String clientAddress;

		private Counters(SessionKey key, String publicId, Grant grant, Instant started) {
			this.key = key;
			this.keyText = key(key.browserSession(), key.grantId());
			this.publicId = publicId;
			this.grant = grant;
			this.started = started;
		}

		/** Adds the bytes of a completed response. */
		public void completed(long responseBytes) {
			if (responseBytes > 0) {
				this.bytes.add(responseBytes);
			}
		}

	}

	/** A terminated session: the browser session and grant whose live sessions end, and whose they were. */
	public record Terminated(String browserSession, Grant grant) {

		public String grantId() {
			return this.grant.id();
		}

	}

	private final Map<SessionKey, Counters> sessions = new ConcurrentHashMap<>();

	/** Terminated keys, each until its grant's {@code notAfter}. */
	private final Map<SessionKey, Instant> terminated = new ConcurrentHashMap<>();

	private final Clock clock;

	private final Duration idle;

	/** Per process: the published id says nothing about the browser session id to anyone without it. */
	private final byte[] salt = new byte[16];

	/**
	 * @param idle a session without requests and WebSockets for this long leaves the live view (it
	 * may come back with its next request, as the same session)
	 */
	public LiveSessionTracker(Clock clock, Duration idle) {
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
		this.idle = Objects.requireNonNull(idle, "idle cannot be null");
		new SecureRandom().nextBytes(this.salt);
	}

	/** Whether the live session of {@code browserSession} on {@code grantId} was terminated. */
	public boolean terminated(String browserSession, String grantId) {
		return !this.terminated.isEmpty() && this.terminated.containsKey(sessionKey(browserSession, grantId));
	}

	/**
	 * Counts an allowed request. Returns the counters to add the response's bytes to, or null when
	 * the session was terminated after this request's decision (it is not brought back to the view).
	 */
	public Counters allowed(String browserSession, Grant grant, String clientAddress) {
		SessionKey key = sessionKey(browserSession, grant.id());
		if (!this.terminated.isEmpty() && this.terminated.containsKey(key)) {
			return null;
		}
		Counters counters = this.sessions.get(key);
		if (counters == null) {
			counters = this.sessions.computeIfAbsent(key, k -> new Counters(k, publicId(k), grant, this.clock.instant()));
		}
		counters.requests.increment();
		counters.lastRequestMillis = this.clock.millis();
		counters.clientAddress = clientAddress;
		return counters;
	}

	/**
	 * Marks the session published as {@code publicId} terminated and forgets its counters; empty
	 * when no such session is live here (already terminated, ended, or never here).
	 */
	public Optional<Terminated> terminate(String publicId) {
		for (Counters counters : this.sessions.values()) {
			if (counters.publicId.equals(publicId)) {
				this.terminated.put(counters.key, counters.grant.notAfter());
				this.sessions.remove(counters.key);
				return Optional.of(new Terminated(counters.key.browserSession(), counters.grant));
			}
		}
		return Optional.empty();
	}

	/**
	 * The live sessions to report now, and forgets those that ended: grant over, or idle with no
	 * WebSocket open.
	 *
	 * @param openWebSockets open WebSockets by {@link #key(String, String)}
	 */
	public List<LiveSessionReport> snapshot(String gatewayInstance, Map<String, Integer> openWebSockets) {
		Instant now = this.clock.instant();
		long idleBefore = now.minus(this.idle).toEpochMilli();
		this.terminated.values().removeIf(notAfter -> !now.isBefore(notAfter));
		List<LiveSessionReport> reports = new ArrayList<>();
		for (Iterator<Counters> it = this.sessions.values().iterator(); it.hasNext();) {
			Counters c = it.next();
			int sockets = openWebSockets.getOrDefault(c.keyText, 0);
			if (!now.isBefore(c.grant.notAfter()) || (sockets == 0 && c.lastRequestMillis < idleBefore)) {
				it.remove();
				continue;
			}
			reports.add(new LiveSessionReport(c.publicId, gatewayInstance, c.grant.subject(), c.grant.organisation(),
					c.grant.targetId(), c.grant.id(), c.grant.notAfter(), c.clientAddress, c.started,
					Instant.ofEpochMilli(c.lastRequestMillis), c.requests.sum(), c.bytes.sum(), sockets));
		}
		return reports;
	}

	/** The key a live session is tracked under: the gateway browser session and the grant. */
	public static String key(String browserSession, String grantId) {
		return (browserSession == null ? SessionBinding.NO_BROWSER_SESSION : browserSession) + "|" + grantId;
	}

	private static SessionKey sessionKey(String browserSession, String grantId) {
		return new SessionKey(browserSession == null ? SessionBinding.NO_BROWSER_SESSION : browserSession, grantId);
	}

	private String publicId(SessionKey key) {
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			sha.update(this.salt);
			byte[] digest = sha.digest(key(key.browserSession(), key.grantId()).getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 12);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 unavailable (this is a bug)", ex);
		}
	}

}
