package io.keygate.testsupport;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL cluster of the test's own that takes TLS connections only: {@code initdb} into a
 * directory of the test's, then {@code postgres} on a free loopback port with {@code ssl=on} and the
 * certificate and key given (the settings {@code compose.yaml} passes), and a {@code pg_hba.conf} of
 * {@code hostssl} lines only, so that the server itself refuses a plain connection, not merely a
 * careful client. One superuser with a password (SCRAM), like the {@code postgres} image's
 * {@code POSTGRES_USER}. The machine's own PostgreSQL service is never touched.
 * <p>
 * {@code initdb} and {@code postgres} refuse to run as root, which containers often run tests as:
 * then both run as the {@code postgres} OS user (through {@code setpriv}, which replaces itself with
 * the command, so stopping this process stops the server), in a directory and with a key copy given
 * to that user. The binaries come from {@code KEYGATE_TEST_POSTGRES_BIN}, else the newest
 * {@code /usr/lib/postgresql/<version>/bin} (Debian, Ubuntu), else the {@code PATH}. Without them
 * (or without that user when root) the test is aborted, and fails under {@code CI=true}.
 */
public final class TlsPostgresServer implements AutoCloseable {

	/** Environment variable naming the directory of {@code initdb}, {@code postgres} and {@code pg_isready}. */
	public static final String BIN_VARIABLE = "KEYGATE_TEST_POSTGRES_BIN";

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

	private static final String SERVICE_USER = "postgres";

	private final Process process;

	private final Path data;

	private final Path log;

	private final List<String> asServiceUser;

	private final Path bin;

	private final int port;

	private TlsPostgresServer(Process process, Path data, Path log, List<String> asServiceUser, Path bin, int port) {
		this.process = process;
		this.data = data;
		this.log = log;
		this.asServiceUser = asServiceUser;
		this.bin = bin;
		this.port = port;
	}

	/**
	 * Initialises a cluster in {@code directory} (which must not hold one yet) with {@code superuser}
	 * and {@code password}, and starts it serving {@code certificate} with {@code key} (PEM files);
	 * returns once it accepts connections.
	 */
	public static TlsPostgresServer start(Path certificate, Path key, Path directory, String superuser, String password) {
		Path bin = binaries();
		if (bin == null) {
			return unavailable("a private PostgreSQL with TLS needs initdb and postgres: none in " + BIN_VARIABLE
					+ ", /usr/lib/postgresql/*/bin or on the PATH (apt-get install postgresql)");
		}
		List<String> asServiceUser = List.of();
		if ("root".equals(System.getProperty("user.name"))) {
			String setpriv = onPath("setpriv");
			if (setpriv == null) {
				return unavailable("running as root, initdb must run as the " + SERVICE_USER + " user, and setpriv is missing");
			}
			asServiceUser = List.of(setpriv, "--reuid=" + SERVICE_USER, "--regid=" + SERVICE_USER, "--init-groups", "--");
		}
		try {
			Path home = Files.createDirectories(directory.toAbsolutePath()).resolve("cluster");
			Files.createDirectory(home, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
			// PostgreSQL refuses a key others may read, and reads it as its own user: a copy of its own.
			Path serverCertificate = Files.copy(certificate, home.resolve("server.crt"), StandardCopyOption.REPLACE_EXISTING);
			Path serverKey = Files.copy(key, home.resolve("server.key"), StandardCopyOption.REPLACE_EXISTING);
			Files.setPosixFilePermissions(serverKey, PosixFilePermissions.fromString("rw-------"));
			Path passwordFile = Files.writeString(home.resolve("password"), password + "\n", StandardCharsets.UTF_8);
			Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
			if (!asServiceUser.isEmpty()) {
				for (Path owned : List.of(home, serverCertificate, serverKey, passwordFile)) {
					giveToServiceUser(owned);
				}
			}
			Path data = home.resolve("data");
			Path log = directory.resolve("postgres.log");
			List<String> initdb = new ArrayList<>(asServiceUser);
			initdb.addAll(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", superuser, "--auth=scram-sha-256",
					"--pwfile=" + passwordFile, "-E", "UTF8", "--locale=C", "--no-sync"));
			run(initdb, log);
			Files.delete(passwordFile);
			// No "host" line: a connection without TLS finds no entry and is refused by the server.
			Files.writeString(data.resolve("pg_hba.conf"), """
					# TLS only (TlsPostgresServer): a plain connection matches no line.
					hostssl all all 127.0.0.1/32 scram-sha-256
					hostssl all all ::1/128 scram-sha-256
					""", StandardCharsets.UTF_8);
			int port;
			try (ServerSocket socket = new ServerSocket(0)) {
				port = socket.getLocalPort();
			}
			List<String> postgres = new ArrayList<>(asServiceUser);
			postgres.addAll(List.of(bin.resolve("postgres").toString(), "-D", data.toString(), "-c", "port=" + port, "-c",
					"listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "ssl=on", "-c",
					"ssl_cert_file=" + serverCertificate, "-c", "ssl_key_file=" + serverKey, "-c", "ssl_min_protocol_version=TLSv1.2",
					// A throw-away cluster: no need to survive a power cut.
					"-c", "fsync=off", "-c", "max_connections=60"));
			Process process = new ProcessBuilder(postgres).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.start();
			TlsPostgresServer server = new TlsPostgresServer(process, data, log, asServiceUser, bin, port);
			Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "kill-postgres-" + port));
			server.awaitReady();
			return server;
		}
		catch (IOException ex) {
			return unavailable("could not start a private PostgreSQL with TLS in " + directory + ": " + ex.getMessage());
		}
	}

	public int port() {
		return this.port;
	}

	/** The server's output (its log). */
	public Path log() {
		return this.log;
	}

	/** {@code jdbc:postgresql://host:port/database?parameters} ({@code host} must be named by the certificate). */
	public String jdbcUrl(String host, String database, String parameters) {
		return "jdbc:postgresql://" + host + ":" + this.port + "/" + database + (parameters.isEmpty() ? "" : "?" + parameters);
	}

	/** Stops the server quickly (open sessions are ended) and deletes its data; the log stays. */
	@Override
	public void close() {
		List<String> stop = new ArrayList<>(this.asServiceUser);
		stop.addAll(List.of(this.bin.resolve("pg_ctl").toString(), "stop", "-D", this.data.toString(), "-m", "fast", "-w", "-t", "20"));
		try {
			run(stop, this.log);
		}
		catch (IOException ex) {
			this.process.destroy();
		}
		try {
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
				this.process.waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		deleteQuietly(this.data.getParent());
	}

	@Override
	public String toString() {
		return "PostgreSQL (TLS only) on 127.0.0.1:" + this.port + " (log " + this.log + ")";
	}

	/** Polls {@code pg_isready}, which answers once the server takes connections (whatever their authentication). */
	private void awaitReady() throws IOException {
		long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IOException("postgres exited with " + this.process.exitValue() + "; " + this.log + ":\n"
						+ Files.readString(this.log, StandardCharsets.UTF_8));
			}
			try {
				Process ready = new ProcessBuilder(this.bin.resolve("pg_isready").toString(), "-q", "-h", "127.0.0.1", "-p",
						Integer.toString(this.port), "-t", "2").start();
				if (ready.waitFor(5, TimeUnit.SECONDS) && ready.exitValue() == 0) {
					return;
				}
				ready.destroyForcibly();
				Thread.sleep(100); // polling a starting server; bounded by READY_TIMEOUT
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IOException("interrupted while waiting for postgres", ex);
			}
		}
		this.process.destroyForcibly();
		throw new IOException("postgres on port " + this.port + " was not ready within " + READY_TIMEOUT + "; see " + this.log);
	}

	private static void run(List<String> command, Path log) throws IOException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.start();
		try {
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IOException(String.join(" ", command) + " did not finish within 60 s; see " + log);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted running " + command, ex);
		}
		if (process.exitValue() != 0) {
			throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + "; " + log + ":\n"
					+ Files.readString(log, StandardCharsets.UTF_8));
		}
	}

	private static void giveToServiceUser(Path path) throws IOException {
		UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
		Files.setOwner(path, users.lookupPrincipalByName(SERVICE_USER));
		Files.getFileAttributeView(path, java.nio.file.attribute.PosixFileAttributeView.class)
			.setGroup(users.lookupPrincipalByGroupName(SERVICE_USER));
	}

	private static Path binaries() {
		String configured = System.getenv(BIN_VARIABLE);
		if (configured != null && !configured.isBlank()) {
			return Path.of(configured);
		}
		Path debian = Path.of("/usr/lib/postgresql");
		if (Files.isDirectory(debian)) {
			try (Stream<Path> versions = Files.list(debian)) {
				Path newest = versions.filter(version -> Files.isExecutable(version.resolve("bin/initdb")))
					.max(Comparator.comparingInt(TlsPostgresServer::majorVersion))
					.orElse(null);
				if (newest != null) {
					return newest.resolve("bin");
				}
			}
			catch (IOException ex) {
				// fall through to the PATH
			}
		}
		String initdb = onPath("initdb");
		return initdb == null ? null : Path.of(initdb).getParent();
	}

	private static int majorVersion(Path directory) {
		try {
			return Integer.parseInt(directory.getFileName().toString().replaceAll("\\..*", ""));
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	private static String onPath(String executable) {
		String path = System.getenv("PATH");
		for (String directory : (path == null ? "/usr/sbin:/usr/bin:/sbin:/bin" : path + ":/usr/sbin:/sbin").split(File.pathSeparator)) {
			Path candidate = Path.of(directory, executable);
			if (Files.isExecutable(candidate)) {
				return candidate.toString();
			}
		}
		return null;
	}

	private static TlsPostgresServer unavailable(String message) {
		if (RedisTestServer.underCi()) {
			throw new IllegalStateException(message + " [CI=true: a test needing PostgreSQL must not be skipped]");
		}
		Assumptions.abort(message);
		throw new AssertionError("unreachable");
	}

	private static void deleteQuietly(Path directory) {
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
		}
		catch (IOException | java.io.UncheckedIOException ex) {
			// Best effort: a leftover throw-away cluster under target/ is harmless.
		}
	}

}
