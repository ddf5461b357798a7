package io.keygate.testsupport;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.keygate.testsupport.RedisTestServer.Kind;
import io.lettuce.core.RedisURI;

/**
 * Finds a Redis for {@link RedisTestServer}: {@code KEYGATE_TEST_REDIS_URL}, else a
 * {@code redis-server} process of our own on a free port, else the machine's service on
 * 127.0.0.1:6379, else Testcontainers; fails under {@code CI=true} (aborts the test elsewhere) when
 * none can be had.
 */
final class RedisLocator {

	private RedisLocator() {
	}

	static RedisTestServer locate() {
		String url = System.getenv(RedisTestServer.URL_VARIABLE);
		if (url != null && !url.isBlank()) {
			RedisURI uri;
			try {
				uri = RedisURI.create(url.trim());
			}
			catch (RuntimeException ex) {
				throw new IllegalStateException(RedisTestServer.URL_VARIABLE + " is not a Redis URL: " + url, ex);
			}
			RedisTestServer.log.info("Tests use the Redis at {} ({})", uri.getHost() + ":" + uri.getPort(), RedisTestServer.URL_VARIABLE);
			RedisTestServer server = new RedisTestServer(uri.getHost(), uri.getPort(), Kind.EXTERNAL, null, null, null);
			if (!server.answersPing()) {
				throw new IllegalStateException(RedisTestServer.URL_VARIABLE + "=" + url + " is set but no Redis answers PING there");
			}
			return server;
		}
		List<String> tried = new ArrayList<>();
		String binary = redisServerBinary();
		if (binary != null) {
			try {
				return startProcess(binary);
			}
			catch (IOException | RuntimeException ex) {
				tried.add("redis-server at " + binary + " failed to start: " + ex);
			}
		}
		else {
			tried.add("no redis-server binary on the PATH");
		}
		// The machine's own Redis service, when it runs one on the standard port and no binary is at hand.
		RedisTestServer local = new RedisTestServer("127.0.0.1", 6379, Kind.EXTERNAL, null, null, null);
		if (local.answersPing()) {
			RedisTestServer.log.info("Tests use the local Redis service at 127.0.0.1:6379");
			return local;
		}
		tried.add("no Redis answers on 127.0.0.1:6379");
		if (testcontainersPresent()) {
			try {
				return ContainerRedis.start();
			}
			catch (RuntimeException | LinkageError ex) {
				tried.add("Testcontainers could not start Redis: " + ex.getMessage());
			}
		}
		else {
			tried.add("Testcontainers is not on the test class path");
		}
		return unavailable("no Redis for tests: set " + RedisTestServer.URL_VARIABLE + ", install redis-server, or run Docker ("
				+ String.join("; ", tried) + ")");
	}

	private static RedisTestServer unavailable(String message) {
		return RedisTestServer.unavailable(message, RedisTestServer.underCi());
	}

	static String redisServerBinary() {
		String configured = System.getenv("REDIS_SERVER");
		if (configured != null && new File(configured).canExecute()) {
			return configured;
		}
		String path = System.getenv("PATH");
		if (path == null) {
			return null;
		}
		for (String dir : path.split(File.pathSeparator)) {
			File candidate = new File(dir, "redis-server");
			if (candidate.canExecute()) {
				return candidate.getAbsolutePath();
			}
		}
		return null;
	}

	private static boolean testcontainersPresent() {
		try {
			Class.forName("org.testcontainers.DockerClientFactory", false, RedisLocator.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException ex) {
			return false;
		}
	}

	static RedisTestServer startProcess(String binary) throws IOException {
		return startProcess(binary, null, null);
	}

	static RedisTestServer startProcess(String binary, String user, String password) throws IOException {
		Path directory = Files.createTempDirectory("keygate-redis-");
		IOException last = null;
		// A free port can be taken by someone else between our probe and redis-server binding it:
		// try a few ports before giving up.
		for (int attempt = 0; attempt < 5; attempt++) {
			int port = freePort();
			RedisTestServer server = new RedisTestServer("127.0.0.1", port, RedisTestServer.Kind.PROCESS, directory, binary, null,
					user, password);
			try {
				server.start();
				return server;
			}
			catch (IOException ex) {
				last = ex;
			}
		}
		throw last;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress("127.0.0.1", 0));
			return socket.getLocalPort();
		}
	}

	/**
	 * Testcontainers kept in its own class so that modules using this test support without
	 * Testcontainers on their class path never load it.
	 */
	private static final class ContainerRedis {

		static RedisTestServer start() {
			if (!org.testcontainers.DockerClientFactory.instance().isDockerAvailable()) {
				throw new IllegalStateException("Docker is not available");
			}
			@SuppressWarnings("resource")
			org.testcontainers.containers.GenericContainer<?> container = new org.testcontainers.containers.GenericContainer<>(
					org.testcontainers.utility.DockerImageName.parse("redis:7-alpine"))
				.withExposedPorts(6379)
				.withCommand("redis-server", "--save", "", "--appendonly", "no");
			container.start();
			Objects.requireNonNull(container.getHost(), "container host");
			return new RedisTestServer(container.getHost(), container.getMappedPort(6379), Kind.CONTAINER, null, null,
					container::stop);
		}

	}

}
