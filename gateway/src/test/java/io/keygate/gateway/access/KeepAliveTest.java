package io.keygate.gateway.access;

import io.keygate.testsupport.EmbeddedParent;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;

import io.keygate.policy.testsupport.MutableClock;
import io.keygate.gateway.testsupport.RawHttp;
import io.keygate.gateway.testsupport.RecordingAuditLog;
import io.keygate.gateway.testsupport.RecordingUpstream;
import io.keygate.gateway.testsupport.TestGateway;
import io.keygate.gateway.testsupport.TestSignin;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.grant.InMemoryGrantStore;

/**
 * A kept-alive connection keeps being read after a request that arrived while the previous
 * response was still completing off the event loop. A denial completes on the bounded elastic
 * scheduler (its audit event is appended there), the sign-out page completes at once on the
 * loop; sending the two back to back makes the server buffer the second and drain it later.
 * Reactor Netty 1.3.6 then stopped reading the connection, so the third request was never
 * answered (reactor-netty issue 4361, seen as browsers' stalled page loads and as an intermittent
 * OidcSigninTest time-out); the root pom pins a Reactor Netty that re-arms the read.
 * <p>
 * The socket's read time-out is a bound on "never answered", not a measurement: a healthy
 * connection answers in milliseconds.
 */
class KeepAliveTest {

	private static final int ROUNDS = 20;

	private static RecordingUpstream upstream;

	private static GenericApplicationContext parent;

	private static TestGateway gateway;

	/** An existing web session: a request that carries it is answered without creating one. */
	private static String sessionCookie;

	@BeforeAll
	static void start() throws IOException {
		upstream = new RecordingUpstream();
		MutableClock clock = MutableClock.at(Instant.now());
		parent = EmbeddedParent.with("clock", clock)
			.and("grantStore", new InMemoryGrantStore(clock))
			.and("gatewayAuditLog", (AuditLog) new RecordingAuditLog())
			.start();
		gateway = TestGateway.start(parent, TestGateway.properties(upstream, Map.of()));
		// Not signed in: the gateway keeps the request to return to after sign-in, in a new session.
		String redirect = RawHttp.exchange(gateway.port(), "GET /t/head-end/api/meters/1 HTTP/1.1\r\nHost: gw\r\n"
				+ "Accept: text/html\r\nConnection: close\r\n\r\n");
		sessionCookie = redirect.lines()
			.filter(line -> line.regionMatches(true, 0, "Set-Cookie: KEYGATE_GATEWAY_SESSION=", 0, 36))
			.map(line -> line.substring(12, line.indexOf(';')))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no session cookie in " + redirect));
	}

	@AfterAll
	static void stop() {
		gateway.close();
		parent.close();
		upstream.close();
	}

	@Test
	void keptAliveConnectionWhenRequestArrivedDuringAnOffLoopResponseThenNextRequestIsStillAnswered() throws IOException {
		String denied = "GET /t/head-end/api/meters/1 HTTP/1.1\r\nHost: gw\r\nAccept: application/json\r\n" + TestSignin.SUBJECT
				+ ": nogrant@itron\r\n" + TestSignin.ORGANISATION + ": itron\r\n\r\n";
		String immediate = "GET /signed-out HTTP/1.1\r\nHost: gw\r\nCookie: " + sessionCookie + "\r\n\r\n";
		for (int round = 1; round <= ROUNDS; round++) {
			try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
				socket.setSoTimeout(5_000);
				OutputStream out = socket.getOutputStream();
				InputStream in = socket.getInputStream();
				out.write((denied + immediate).getBytes(StandardCharsets.ISO_8859_1));
				out.flush();
				assertThat(readResponse(in)).as("round %d, first answer", round).startsWith("HTTP/1.1 403");
				assertThat(readResponse(in)).as("round %d, second answer", round).startsWith("HTTP/1.1 200");
				out.write(immediate.getBytes(StandardCharsets.ISO_8859_1));
				out.flush();
				assertThat(readResponse(in)).as("round %d: the request after them on the same connection", round)
					.startsWith("HTTP/1.1 200");
			}
		}
		assertThat(upstream.received()).isEmpty();
	}

	/** One response (head and a Content-Length body), or "no answer" if none came within the bound. */
	private static String readResponse(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		try {
			while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
				int b = in.read();
				if (b == -1) {
					return "connection closed after: " + head.toString(StandardCharsets.ISO_8859_1);
				}
				head.write(b);
			}
			String text = head.toString(StandardCharsets.ISO_8859_1);
			int length = text.lines()
				.filter(line -> line.regionMatches(true, 0, "Content-Length:", 0, 15))
				.mapToInt(line -> Integer.parseInt(line.substring(15).trim()))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no Content-Length in " + text));
			byte[] body = in.readNBytes(length);
			return text + new String(body, StandardCharsets.ISO_8859_1);
		}
		catch (SocketTimeoutException ex) {
			return "no answer";
		}
	}

}
