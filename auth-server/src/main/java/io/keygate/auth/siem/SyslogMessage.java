package io.keygate.auth.siem;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.audit.Severity;

/**
 * An audit event as an RFC 5424 syslog message whose MSG is the ECS JSON line, and its RFC 6587
 * octet-counting frame ({@code <length> <message>}), which survives any byte in the message.
 * The event's sequence rides in structured data ({@code [keygate@32473 sequence="…"]}, the
 * documentation enterprise number of RFC 5612) so a collector can drop the duplicates that
 * at-least-once delivery over TCP may produce after a reconnect.
 */
final class SyslogMessage {

	/** RFC 5424 TIME-SECFRAC allows at most six digits. */
	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
		.withZone(ZoneOffset.UTC);

	private final int facility;

	private final String hostname;

	private final String appName;

	SyslogMessage(int facility, String hostname, String appName) {
		if (facility < 0 || facility > 23) {
			throw new IllegalArgumentException("keygate.siem.syslog.facility must be 0..23, was " + facility);
		}
		this.facility = facility;
		this.hostname = printable(hostname, 255);
		this.appName = printable(appName, 48);
	}

	String message(AuditEvent event, String ecsLine) {
		int priority = this.facility * 8 + severity(event.entry().severity());
		String msgId = event.entry().details().containsKey("alert.explanation") ? "alert" : "audit";
		return "<" + priority + ">1 " + TIMESTAMP.format(event.entry().at()) + " " + this.hostname + " " + this.appName + " - "
				+ msgId + " [keygate@32473 sequence=\"" + event.sequence() + "\"] " + ecsLine;
	}

	static byte[] frame(String message) {
		byte[] body = message.getBytes(StandardCharsets.UTF_8);
		byte[] head = (body.length + " ").getBytes(StandardCharsets.US_ASCII);
		byte[] frame = new byte[head.length + body.length];
		System.arraycopy(head, 0, frame, 0, head.length);
		System.arraycopy(body, 0, frame, head.length, body.length);
		return frame;
	}

	/** RFC 5424 §6.2.1 severities: informational, warning, critical, alert. */
	static int severity(Severity severity) {
		return switch (severity) {
			case INFO -> 6;
			case WARNING -> 4;
			case HIGH -> 2;
			case CRITICAL -> 1;
		};
	}

	/** Header fields are PRINTUSASCII without spaces, or "-" (the NILVALUE) when empty. */
	private static String printable(String value, int max) {
		StringBuilder out = new StringBuilder();
		for (char c : (value == null ? "" : value).toCharArray()) {
			if (c > 32 && c < 127 && out.length() < max) {
				out.append(c);
			}
		}
		return out.isEmpty() ? "-" : out.toString();
	}

}
