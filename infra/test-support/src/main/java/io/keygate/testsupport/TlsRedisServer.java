package io.keygate.testsupport;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;

/**
 * A {@code redis-server} process of the test's own that speaks only TLS ({@code --port 0}, a TLS
 * port, the certificate and key given), with the deployment's ACL shape (default user off, one user
 * with a password, or the users of an ACL file). Clients are not asked for certificates: Keygate authenticates with the ACL user.
 * Aborts the test (fails it under {@code CI=true}) when {@code redis-server} is missing or built
 * without TLS.
 */
public final class TlsRedisServer implements AutoCloseable {

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(15);

	private final Process process;

	private final int port;

	private final String user;

	private final String password;

	private TlsRedisServer(Process process, int port, String user, String password) {
		this.process = process;
		this.port = port;
		this.user = user;
		this.password = password;
	}

	/** Starts one serving {@code certificate} (signed by {@code ca}), its log in {@code directory}. */
	public static TlsRedisServer start(TlsTestCertificates.Ca ca, TlsTestCertificates.Server certificate, Path directory,
			String user, String password) {
		return launch(ca.certificateFile(), certificate.certificateFile(), certificate.keyFile(), directory,
				List.of("--user", "default", "off", "--user", user, "on", ">" + password, "~*", "&*", "+@all"), user, password);
	}

	/**
	 * Starts one serving {@code certificate} and {@code key} (PEM files, signed by the CA in
	 * {@code caFile}) with the users of {@code aclFile}, a file in Redis's ACL format such as the
	 * deployment's {@code redis-users.acl}; clients name their user in {@link #url(String, String, String)}.
	 */
	public static TlsRedisServer startWithAclFile(Path caFile, Path certificate, Path key, Path directory, Path aclFile) {
		return launch(caFile, certificate, key, directory, List.of("--aclfile", aclFile.toAbsolutePath().toString()), null, null);
	}

	private static TlsRedisServer launch(Path caFile, Path certificate, Path key, Path directory, List<String> users,
			String user, String password) {
		String binary = RedisLocator.redisServerBinary();
		if (binary == null) {
			return unavailable("a TLS Redis needs the redis-server binary on the PATH (or in REDIS_SERVER)");
		}
		try {
			int port;
			try (ServerSocket socket = new ServerSocket(0)) {
				port = socket.getLocalPort();
			}
			Files.createDirectories(directory);
			File log = directory.resolve("redis-tls-" + port + ".log").toFile();
			List<String> command = new ArrayList<>(List.of(binary, "--port", "0", "--tls-port", Integer.toString(port), "--bind",
					"127.0.0.1", "--tls-cert-file", certificate.toString(), "--tls-key-file", key.toString(), "--tls-ca-cert-file",
					caFile.toString(), "--tls-auth-clients", "no", "--save", "", "--appendonly", "no", "--dir", directory.toString(),
					"--daemonize", "no"));
			command.addAll(users);
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log))
				.start();
			awaitTlsPort(process, port, log);
			return new TlsRedisServer(process, port, user, password);
		}
		catch (IOException ex) {
			return unavailable("could not start redis-server with TLS (is it built with TLS?): " + ex.getMessage());
		}
	}

	/** Waits until the TLS port accepts a TCP connection; the TLS handshake is the client's to check. */
	private static void awaitTlsPort(Process process, int port, File log) throws IOException {
		long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IOException("redis-server exited with " + process.exitValue() + "; see " + log + ": "
						+ Files.readString(log.toPath()));
			}
			try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
				return;
			}
			catch (IOException notYet) {
				try {
					Thread.sleep(20); // polling a starting process; bounded by READY_TIMEOUT
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IOException("interrupted while waiting for redis-server", ex);
				}
			}
		}
		process.destroyForcibly();
		throw new IOException("redis-server's TLS port " + port + " did not open within " + READY_TIMEOUT);
	}

	private static TlsRedisServer unavailable(String message) {
		if (RedisTestServer.underCi()) {
			throw new IllegalStateException(message + " [CI=true: a test needing Redis must not be skipped]");
		}
		Assumptions.abort(message);
		throw new AssertionError("unreachable");
	}

	public int port() {
		return this.port;
	}

	/** {@code rediss://user:password@host:port} for {@code host} (which the certificate must name). */
	public String url(String host) {
		if (this.user == null) {
			throw new IllegalStateException("this server's users come from an ACL file: name one with url(host, user, password)");
		}
		return url(host, this.user, this.password);
	}

	/** {@code rediss://user:password@host:port} for {@code host} (which the certificate must name) and one of its users. */
	public String url(String host, String user, String password) {
		return "rediss://" + user + ":" + password + "@" + host + ":" + this.port;
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

}
