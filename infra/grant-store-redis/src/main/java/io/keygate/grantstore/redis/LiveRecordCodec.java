package io.keygate.grantstore.redis;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.keygate.policy.live.LiveSessionReport;
import io.keygate.policy.live.SessionTermination;
import io.keygate.policy.presence.GatewayInstance;

/**
 * The text form of gateway heartbeats, live-session snapshots and terminations in Redis, each signed
 * with the installation's integrity keys over the key (or channel) it is stored under. Anyone who can
 * write to Redis could otherwise show sessions that do not exist in the live view (and the evidence
 * pack), hide real ones, or end anyone's session; a record that fails verification is dropped and
 * reported, never believed.
 * <p>
 * Fields are percent-encoded and tab-separated, records newline-separated, so no value can forge a
 * field or record boundary.
 */
final class LiveRecordCodec {

	static final String PRESENCE = "keygate.presence.v1";

	static final String SESSIONS = "keygate.live-sessions.v1";

	static final String TERMINATION = "keygate.termination.v1";

	private final IntegrityKeys keys;

	LiveRecordCodec(IntegrityKeys keys) {
		this.keys = keys;
	}

	String instance(String where, GatewayInstance instance) {
		return signed(PRESENCE, where, fields(instance.id(), instance.version(), millis(instance.startedAt()),
				millis(instance.lastHeartbeat())));
	}

	GatewayInstance instance(String where, String stored) throws SignedRecords.TamperedException {
		String[] f = split(verified(PRESENCE, where, stored), 4);
		return new GatewayInstance(f[0], f[1], instant(f[2]), instant(f[3]));
	}

	String sessions(String where, List<LiveSessionReport> sessions) {
		StringBuilder body = new StringBuilder();
		for (LiveSessionReport s : sessions) {
			if (!body.isEmpty()) {
				body.append('\n');
			}
			body.append(fields(s.id(), s.gatewayInstance(), s.subject(), s.organisation(), s.targetId(), s.grantId(),
					millis(s.grantNotAfter()), s.clientAddress(), millis(s.started()), millis(s.lastRequest()),
					Long.toString(s.requests()), Long.toString(s.bytes()), Integer.toString(s.openWebSockets())));
		}
		return signed(SESSIONS, where, body.toString());
	}

	List<LiveSessionReport> sessions(String where, String stored) throws SignedRecords.TamperedException {
		String body = verified(SESSIONS, where, stored);
		List<LiveSessionReport> sessions = new ArrayList<>();
		if (body.isEmpty()) {
			return sessions;
		}
		for (String line : body.split("\n", -1)) {
			String[] f = split(line, 13);
			sessions.add(new LiveSessionReport(f[0], f[1], f[2], f[3], f[4], f[5], instant(f[6]), f[7], instant(f[8]),
					instant(f[9]), Long.parseLong(f[10]), Long.parseLong(f[11]), Integer.parseInt(f[12])));
		}
		return sessions;
	}

	String termination(String where, SessionTermination t) {
		return signed(TERMINATION, where, fields(t.gatewayInstance(), t.sessionId(), t.by(), millis(t.at())));
	}

	SessionTermination termination(String where, String stored) throws SignedRecords.TamperedException {
		String[] f = split(verified(TERMINATION, where, stored), 4);
		return new SessionTermination(f[0], f[1], f[2], instant(f[3]));
	}

	private String signed(String purpose, String where, String body) {
		IntegrityKeys.Signature signature = this.keys.sign(purpose, List.of(where, body));
		return "v1\n" + signature.keyId() + "\n" + signature.mac() + "\n" + body;
	}

	private String verified(String purpose, String where, String stored) throws SignedRecords.TamperedException {
		String[] parts = stored.split("\n", 4);
		if (parts.length < 4 || !"v1".equals(parts[0])) {
			throw new SignedRecords.TamperedException("unsigned " + purpose + " record");
		}
		IntegrityKeys.Verdict verdict = this.keys.verify(purpose, List.of(where, parts[3]), parts[1], parts[2]);
		if (verdict != IntegrityKeys.Verdict.VALID) {
			throw new SignedRecords.TamperedException(purpose + " MAC: " + verdict);
		}
		return parts[3];
	}

	private static String fields(String... values) {
		StringBuilder line = new StringBuilder();
		for (int i = 0; i < values.length; i++) {
			if (i > 0) {
				line.append('\t');
			}
			line.append(URLEncoder.encode(values[i], StandardCharsets.UTF_8));
		}
		return line.toString();
	}

	/** Exactly {@code count} fields; a signed record of another shape is a bug of ours, answered like a bad one. */
	private static String[] split(String line, int count) throws SignedRecords.TamperedException {
		String[] raw = line.split("\t", -1);
		if (raw.length != count) {
			throw new SignedRecords.TamperedException("expected " + count + " fields, found " + raw.length);
		}
		for (int i = 0; i < raw.length; i++) {
			raw[i] = URLDecoder.decode(raw[i], StandardCharsets.UTF_8);
		}
		return raw;
	}

	private static String millis(Instant instant) {
		return Long.toString(instant.toEpochMilli());
	}

	private static Instant instant(String millis) {
		return Instant.ofEpochMilli(Long.parseLong(millis));
	}

}
