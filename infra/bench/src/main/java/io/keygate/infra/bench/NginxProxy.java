package io.keygate.infra.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * nginx as a plain reverse proxy in front of one upstream, the baseline the gateway is held to.
 * Writes its own configuration in a temporary folder and runs in the foreground as a child of
 * this JVM, on a free loopback port; it sets the upstream credential like the gateway does, so
 * both proxies do the same work per request apart from the gateway's decision.
 */
final class NginxProxy implements AutoCloseable {

	private final Process process;

	private final int port;

	private NginxProxy(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	static String binary() {
		for (String candidate : List.of("/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx", "/usr/local/bin/nginx")) {
			if (Files.isExecutable(Path.of(candidate))) {
				return candidate;
			}
		}
		throw new IllegalStateException("nginx is not installed (Debian: apt-get install -y nginx)");
	}

	static NginxProxy start(int upstreamPort, String authorization, int workers) throws IOException, InterruptedException {
		Path dir = Files.createTempDirectory("keygate-bench-nginx");
		int port = freePort();
		String config = """
				worker_processes %d;
				daemon off;
				master_process on;
				pid %s/nginx.pid;
				error_log %s/error.log warn;
				events { worker_connections 4096; }
				http {
				  access_log off;
				  client_body_temp_path %s/body;
				  proxy_temp_path %s/proxy;
				  fastcgi_temp_path %s/fastcgi;
				  uwsgi_temp_path %s/uwsgi;
				  scgi_temp_path %s/scgi;
				  upstream target { server 127.0.0.1:%d; keepalive 64; }
				  server {
				    listen 127.0.0.1:%d;
				    location / {
				      proxy_pass http://target;
				      proxy_http_version 1.1;
				      proxy_set_header Connection "";
				      proxy_set_header Cookie "";
				      proxy_set_header Authorization "%s";
				    }
				  }
				}
				""".formatted(workers, dir, dir, dir, dir, dir, dir, dir, upstreamPort, port, authorization);
		Path file = dir.resolve("nginx.conf");
		Files.writeString(file, config);
		Process process = new ProcessBuilder(binary(), "-p", dir.toString(), "-c", file.toString())
			.redirectErrorStream(true)
			.redirectOutput(dir.resolve("stdout.log").toFile())
			.start();
		NginxProxy nginx = new NginxProxy(process, port);
		Instant until = Instant.now().plus(Duration.ofSeconds(10));
		while (!accepts(port)) {
			if (!process.isAlive() || Instant.now().isAfter(until)) {
				nginx.close();
				throw new IllegalStateException("nginx did not start; see " + dir);
			}
			Thread.sleep(50);
		}
		return nginx;
	}

	int port() {
		return this.port;
	}

	/** CPU time used so far by the master and its workers. */
	long cpuNanos() {
		ProcessHandle master = this.process.toHandle();
		return java.util.stream.Stream.concat(java.util.stream.Stream.of(master), master.descendants())
			.mapToLong(handle -> handle.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L))
			.sum();
	}

	@Override
	public void close() {
		// Collected first: once the master is gone its workers are no longer its descendants.
		List<ProcessHandle> workers = this.process.descendants().toList();
		this.process.destroy();
		try {
			if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
		workers.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroy);
	}

	private static boolean accepts(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
