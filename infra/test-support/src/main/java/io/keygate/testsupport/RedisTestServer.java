package io.keygate.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Redis for tests, found ({@link RedisLocator}) in this order:
 * <ol>
 * <li>{@code KEYGATE_TEST_REDIS_URL} (e.g. {@code redis://127.0.0.1:6379}) when set;</li>
 * <li>a {@code redis-server} process of our own on a free loopback port, without persistence, in its
 * own temporary directory;</li>
 * <li>a Testcontainers container when Testcontainers is on the class path and Docker answers.</li>
 * </ol>
 * When none can be had, {@link #shared()} and {@link #startPrivate()} <b>fail</b> under
 * {@code CI=true} (a test that silently skips in CI proves nothing) and otherwise abort the test
 * with the same message (JUnit assumption), so a laptop without Redis still builds.
 * <p>
 * {@link #shared()} is one server per JVM: tests isolate themselves with their own key prefix,
 * never by flushing. A fault test that stops Redis takes a {@link #startPrivate() private} server,
 * which is always an own process so that {@link #stop()} and {@link #start()} can bring it down and
 * up again on the same port.
 */
public final class RedisTestServer implements AutoCloseable {

	/** Environment variable naming an existing Redis to use instead of starting one. */
	public static final String URL_VARIABLE = "KEYGATE_TEST_REDIS_URL";

	static final Logger log = LoggerFactory.getLogger(RedisTestServer.class);

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(15);

	private static RedisTestServer shared;

	private static RedisTestServer sharedWithPassword;

	/** The ACL user of {@link #sharedWithPassword()}. */
	public static final String SHARED_USER = "keygate";

	private final String host;

	private final int port;

	private final Kind kind;

	private final Path directory;

	private final AutoCloseable container;

	/** The redis-server executable, for servers of our own process. */
	private final String binary;

	private Process process;

	/** The ACL user and password every client must present, or null for a server without authentication. */
	private final String user;

	private final String password;

	private final List<String> extraUsers = new java.util.concurrent.CopyOnWriteArrayList<>();

	enum Kind {
		EXTERNAL, PROCESS, CONTAINER
	}

	RedisTestServer(String host, int port, Kind kind, Path directory, String binary, AutoCloseable container) {
		this(host, port, kind, directory, binary, container, null, null);
	}

	RedisTestServer(String host, int port, Kind kind, Path directory, String binary, AutoCloseable container, String user,
			String password) {
		this.host = host;
		this.port = port;
		this.kind = kind;
		this.directory = directory;
		this.binary = binary;
		this.container = container;
		this.user = user;
		this.password = password;
	}

	/**
	 * The JVM's shared Redis, created on first use and stopped when the JVM exits. Do not stop it,
	 * and do not flush it: other tests use it at the same time; use a key prefix of your own.
	 */
	public static synchronized RedisTestServer shared() {
		if (shared == null) {
			shared = RedisLocator.locate();
			RedisTestServer server = shared;
			Runtime.getRuntime().addShutdownHook(new Thread(server::close, "redis-test-server-shutdown"));
		}
		return shared;
	}

	/**
	 * The JVM's shared Redis that requires a password (ACL user {@link #SHARED_USER}, the {@code default}
	 * user off), as every deployment runs it; a {@code redis-server} process with a password made per JVM.
	 * Same rules as {@link #shared()}: use a key prefix of your own, never stop or flush it.
	 */
	public static synchronized RedisTestServer sharedWithPassword() {
		if (sharedWithPassword == null) {
			String password = java.util.UUID.randomUUID().toString().replace("-", "");
			sharedWithPassword = startPrivateWithPassword(SHARED_USER, password);
			RedisTestServer server = sharedWithPassword;
			Runtime.getRuntime().addShutdownHook(new Thread(server::close, "redis-test-server-password-shutdown"));
		}
		return sharedWithPassword;
	}

	/**
	 * A Redis of the caller's own, always a {@code redis-server} process on a free port, which the
	 * caller may {@link #stop()} and {@link #start()} again; close it when done. Ignores
	 * {@code KEYGATE_TEST_REDIS_URL}: an external server cannot be stopped by a test.
	 */
	public static RedisTestServer startPrivate() {
		String binary = RedisLocator.redisServerBinary();
		if (binary == null) {
			return unavailable("a private Redis needs the redis-server binary on the PATH (or in REDIS_SERVER), which is"
					+ " missing (on Debian: apt-get install redis-server)", underCi());
		}
		try {
			return RedisLocator.startProcess(binary);
		}
		catch (IOException | RuntimeException ex) {
			return unavailable("could not start redis-server: " + ex, underCi());
		}
	}

	/**
	 * Like {@link #startPrivate()}, but as deployed: the {@code default} user is off and every client
	 * must authenticate as ACL user {@code user} with {@code password} ({@link #uri()} and
	 * {@link #url()} carry both), so a test proves Keygate works against a protected Redis and a
	 * client without credentials is refused.
	 */
	public static RedisTestServer startPrivateWithPassword(String user, String password) {
		if (user == null || !user.matches("[A-Za-z0-9_-]+") || password == null || !password.matches("[A-Za-z0-9_-]{16,}")) {
			throw new IllegalArgumentException("user must be a token and password at least 16 URL-safe characters");
		}
		String binary = RedisLocator.redisServerBinary();
		if (binary == null) {
			return unavailable("a private Redis needs the redis-server binary on the PATH (or in REDIS_SERVER), which is"
					+ " missing (on Debian: apt-get install redis-server)", underCi());
		}
		try {
			return RedisLocator.startProcess(binary, user, password);
		}
		catch (IOException | RuntimeException ex) {
			return unavailable("could not start redis-server: " + ex, underCi());
		}
	}

	/**
	 * Like {@link #startPrivateWithPassword}, plus further ACL users, each one line of redis ACL rules
	 * as in an ACL file without the leading {@code user} (e.g. {@code "reader on >pw %R~* &* +@all"}),
	 * so a test can prove what a user with the deployment's rules may and may not do.
	 */
	public static RedisTestServer startPrivateWithUsers(String user, String password, List<String> extraUsers) {
		RedisTestServer server = startPrivateWithPassword(user, password);
		server.stop();
		server.extraUsers.addAll(extraUsers);
		try {
			server.start();
		}
		catch (IOException ex) {
			server.close();
			return unavailable("could not restart redis-server with ACL users: " + ex, underCi());
		}
		return server;
	}

	/** Whether tests run under CI, where a missing Redis is a failure rather than a skip. */
	public static boolean underCi() {
		return "true".equalsIgnoreCase(System.getenv("CI"));
	}

	/** Fails under CI, aborts the calling test otherwise; never returns. */
	static RedisTestServer unavailable(String message, boolean ci) {
		if (ci) {
			throw new IllegalStateException(message + " [CI=true: a test needing Redis must not be skipped]");
		}
		Assumptions.abort(message);
		throw new AssertionError("unreachable");
	}

	/** (Re)starts this server's process on its port; only for servers of our own process. */
	public synchronized void start() throws IOException {
		requireOwnProcess("start");
		if (this.process != null && this.process.isAlive()) {
			return;
		}
		List<String> command = new java.util.ArrayList<>(List.of(this.binary, "--port", Integer.toString(this.port), "--bind",
				"127.0.0.1", "--save", "", "--appendonly", "no", "--dir", this.directory.toString(), "--daemonize", "no",
				"--protected-mode", "yes", "--loglevel", "warning"));
		if (this.password != null) {
			// As in the deployment files: no default user, one ACL user with a password.
			command.addAll(List.of("--user", "default", "off", "--user", this.user, "on", ">" + this.password, "~*", "&*", "+@all"));
			for (String rules : this.extraUsers) {
				command.add("--user");
				command.addAll(List.of(rules.trim().split("\\s+")));
			}
		}
		File logFile = this.directory.resolve("redis-" + this.port + ".log").toFile();
		this.process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile))
			.start();
		long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IOException("redis-server on port " + this.port + " exited with " + this.process.exitValue()
						+ "; see " + logFile + ": " + tail(logFile));
			}
			if (answersPing()) {
				log.info("Started redis-server on 127.0.0.1:{} (pid {})", this.port, this.process.pid());
				return;
			}
			try {
				Thread.sleep(20); // polling a starting process; bounded by READY_TIMEOUT
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IOException("interrupted while waiting for redis-server", ex);
			}
		}
		this.process.destroyForcibly();
		throw new IOException("redis-server on port " + this.port + " did not answer PING within " + READY_TIMEOUT);
	}

	/**
	 * Stops this server's process abruptly (SIGKILL), as a crash or a pulled cable would, and
	 * waits until it is gone; {@link #start()} brings it back on the same port, empty.
	 */
	public synchronized void stop() {
		requireOwnProcess("stop");
		if (this.process == null) {
			return;
		}
		this.process.destroyForcibly();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				throw new IllegalStateException("redis-server on port " + this.port + " did not die within 10 s");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while stopping redis-server", ex);
		}
		this.process = null;
		log.info("Stopped redis-server on 127.0.0.1:{}", this.port);
	}

	/** Whether {@link #stop()} and {@link #start()} work on this server. */
	public boolean controllable() {
		return this.kind == Kind.PROCESS;
	}

	public String host() {
		return this.host;
	}

	public int port() {
		return this.port;
	}

	/** {@code redis://host:port}, or {@code redis://user:password@host:port} for a server with a password. */
	public String url() {
		String credentials = this.password == null ? "" : this.user + ":" + this.password + "@";
		return "redis://" + credentials + this.host + ":" + this.port;
	}

	/** {@code redis://host:port}, without credentials even when the server needs them (to prove a refusal). */
	public String urlWithoutCredentials() {
		return "redis://" + this.host + ":" + this.port;
	}

	/** Whether clients must authenticate. */
	public boolean requiresPassword() {
		return this.password != null;
	}

	/** A fresh {@link RedisURI} for this server, with its credentials (callers may change timeouts on it). */
	public RedisURI uri() {
		RedisURI uri = RedisURI.create(this.host, this.port);
		if (this.password != null) {
			uri.setUsername(this.user);
			uri.setPassword(this.password.toCharArray());
		}
		return uri;
	}

	/** Whether a Redis answers PING at this address right now, within a second. */
	public boolean answersPing() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(this.host, this.port), 1000);
			socket.setSoTimeout(1000);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[7];
			int read = in.readNBytes(buffer, 0, 7);
			// "-NOAUTH ..." also means a Redis is there; the URL then must carry the password.
			return read >= 5 && (new String(buffer, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG")
					|| buffer[0] == '-');
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Deletes every key matching {@code pattern} (SCAN, then DEL): how a test that used its own key
	 * prefix on the shared server leaves nothing behind. Returns how many keys went.
	 */
	public long deleteKeys(String pattern) {
		io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(uri());
		try (io.lettuce.core.api.StatefulRedisConnection<String, String> connection = client.connect()) {
			io.lettuce.core.api.sync.RedisCommands<String, String> redis = connection.sync();
			long deleted = 0;
			io.lettuce.core.ScanArgs match = io.lettuce.core.ScanArgs.Builder.matches(pattern).limit(500);
			io.lettuce.core.KeyScanCursor<String> cursor = redis.scan(match);
			while (true) {
				if (!cursor.getKeys().isEmpty()) {
					deleted += redis.del(cursor.getKeys().toArray(String[]::new));
				}
				if (cursor.isFinished()) {
					return deleted;
				}
				cursor = redis.scan(cursor, match);
			}
		}
		finally {
			client.shutdown();
		}
	}

	@Override
	public synchronized void close() {
		if (this.kind == Kind.PROCESS) {
			if (this.process != null) {
				stop();
			}
			deleteQuietly(this.directory);
		}
		else if (this.kind == Kind.CONTAINER) {
			try {
				this.container.close();
			}
			catch (Exception ex) {
				log.warn("Could not stop the Redis container", ex);
			}
		}
	}

	@Override
	public String toString() {
		// Never the password: this ends up in logs.
		return "RedisTestServer[" + this.kind + " " + urlWithoutCredentials() + (this.password == null ? "" : " as " + this.user) + "]";
	}

	private void requireOwnProcess(String what) {
		if (this.kind != Kind.PROCESS) {
			throw new IllegalStateException("cannot " + what + " " + this + ": only a redis-server process of our own can; use"
					+ " RedisTestServer.startPrivate()");
		}
	}

	private static String tail(File file) {
		try {
			List<String> lines = Files.readAllLines(file.toPath(), StandardCharsets.UTF_8);
			return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
		}
		catch (IOException ex) {
			return "(log unreadable: " + ex + ")";
		}
	}

	private static void deleteQuietly(Path directory) {
		if (directory == null) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
		}
		catch (IOException ex) {
			log.debug("Could not delete {}", directory, ex);
		}
	}


}
