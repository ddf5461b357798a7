package io.keygate.infra.bench.enforcement;

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
 * nginx in the foreground as a child of the benchmark, on a free loopback port, in one of two roles:
 * the origin serving a small static JSON file (every path), or a plain reverse proxy in front of
 * that origin that sets the upstream credential as the gateways do.
 */
final class Nginx implements AutoCloseable {

	static final String BODY = "{\"meter\":\"MTR-00001\",\"kwh\":1234.5,\"status\":\"connected\"}\n";

	private final Process process;

	private final int port;

	private Nginx(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	static String binary() {
		for (String candidate : List.of("/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx")) {
			if (Files.isExecutable(Path.of(candidate))) {
				return candidate;
			}
		}
		System.err.println("nginx is not installed: apt-get install nginx-light");
		System.exit(2);
		return null;
	}

	static Nginx origin() throws IOException, InterruptedException {
		Path dir = Files.createTempDirectory("keygate-bench-origin");
		Files.writeString(dir.resolve("meter.json"), BODY);
		// nginx's worker drops to an unprivileged user: it must be able to read the file.
		Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
		Files.setPosixFilePermissions(dir.resolve("meter.json"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
		return start(dir, """
				location / {
				  root %s;
				  default_type application/json;
				  try_files /meter.json =404;
				}
				""".formatted(dir));
	}

	static Nginx proxy(int upstreamPort, String authorization) throws IOException, InterruptedException {
		Path dir = Files.createTempDirectory("keygate-bench-nginx-proxy");
		return start(dir, """
				location / {
				  proxy_pass http://target;
				  proxy_http_version 1.1;
				  proxy_set_header Connection "";
				  proxy_set_header Cookie "";
				  proxy_set_header Authorization "%s";
				}
				""".formatted(authorization),
				"upstream target { server 127.0.0.1:%d; keepalive 64; }".formatted(upstreamPort));
	}

	private static Nginx start(Path dir, String location) throws IOException, InterruptedException {
		return start(dir, location, "");
	}

	private static Nginx start(Path dir, String location, String upstream) throws IOException, InterruptedException {
		int port = freePort();
		String config = """
				worker_processes 1;
				daemon off;
				master_process on;
				pid %1$s/nginx.pid;
				error_log %1$s/error.log warn;
				events { worker_connections 4096; }
				http {
				  access_log off;
				  keepalive_requests 1000000;
				  client_body_temp_path %1$s/body;
				  proxy_temp_path %1$s/proxy;
				  fastcgi_temp_path %1$s/fastcgi;
				  uwsgi_temp_path %1$s/uwsgi;
				  scgi_temp_path %1$s/scgi;
				  %2$s
				  server {
				    listen 127.0.0.1:%3$d;
				    %4$s
				  }
				}
				""".formatted(dir, upstream, port, location);
		Path file = dir.resolve("nginx.conf");
		Files.writeString(file, config);
		Process process = new ProcessBuilder(binary(), "-p", dir.toString(), "-c", file.toString()).redirectErrorStream(true)
			.redirectOutput(dir.resolve("stdout.log").toFile())
			.start();
		Nginx nginx = new Nginx(process, port);
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

	ProcessHandle handle() {
		return this.process.toHandle();
	}

	@Override
	public void close() {
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

	static boolean accepts(int port) {
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
