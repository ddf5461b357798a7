package io.keygate.gateway.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Sends bytes exactly as written, so that what Netty and the gateway do with odd request lines and
 * headers is what the test sees (an HTTP client library would normalise them first).
 */
public final class RawHttp {

	private RawHttp() {
	}

	/** Sends {@code request} (CRLF line ends) and returns the whole response; the server closes. */
	public static String exchange(int port, String request) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream response = new ByteArrayOutputStream();
			byte[] buffer = new byte[8192];
			try {
				int n;
				while ((n = in.read(buffer)) != -1) {
					response.write(buffer, 0, n);
				}
			}
			catch (java.net.SocketTimeoutException | java.net.SocketException ex) {
				// Keep what arrived: some refusals reset the connection after answering.
			}
			return response.toString(StandardCharsets.ISO_8859_1);
		}
	}

	/** A GET for {@code rawTarget} signed in as subject/organisation, connection closed after. */
	public static String get(int port, String rawTarget, String subject, String organisation) throws IOException {
		return exchange(port, "GET " + rawTarget + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAccept: application/json\r\n"
				+ TestSignin.SUBJECT + ": " + subject + "\r\n" + TestSignin.ORGANISATION + ": " + organisation
				+ "\r\nConnection: close\r\n\r\n");
	}

	/** The status code of a raw response, or -1 when there was none (connection dropped). */
	public static int status(String response) {
		if (!response.startsWith("HTTP/1.1 ") || response.length() < 12) {
			return -1;
		}
		return Integer.parseInt(response.substring(9, 12));
	}

}
