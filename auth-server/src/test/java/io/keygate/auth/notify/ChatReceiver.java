package io.keygate.auth.notify;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * A local HTTP server standing in for Slack's and Teams' incoming webhooks and the generic
 * webhook: keeps every body per path; {@link #failNext} makes the next posts to a path answer 500.
 */
public final class ChatReceiver implements AutoCloseable {

	private final HttpServer server;

	private final Map<String, List<String>> bodies = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();

	public ChatReceiver() {
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.server.createContext("/", exchange -> {
			try (InputStream in = exchange.getRequestBody()) {
				String path = exchange.getRequestURI().getPath();
				String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
				if (this.failures.computeIfAbsent(path, p -> new AtomicInteger()).getAndDecrement() > 0) {
					exchange.sendResponseHeaders(500, -1);
					return;
				}
				this.bodies.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(body);
				exchange.sendResponseHeaders(200, -1);
			}
			finally {
				exchange.close();
			}
		});
		this.server.start();
	}

	public String url(String path) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + path;
	}

	public List<String> bodies(String path) {
		return this.bodies.getOrDefault(path, List.of());
	}

	public void failNext(String path, int times) {
		this.failures.computeIfAbsent(path, p -> new AtomicInteger()).set(times);
	}

	public void clear() {
		this.bodies.clear();
		this.failures.clear();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
