package io.keygate.gateway.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.handler.codec.http.HttpHeaders;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A real upstream (a head-end stand-in) on a free loopback port that records every HTTP request
 * and WebSocket handshake it receives, exactly as it arrived (raw request target, headers, body),
 * answers 200 with the path, sets a cookie when asked to, and echoes WebSocket messages.
 */
public final class RecordingUpstream implements AutoCloseable {

	/** One request as the upstream received it. */
	public record Received(String method, String uri, HttpHeaders headers, String body) {

		public String header(String name) {
			return this.headers.get(name);
		}

		public List<String> headers(String name) {
			return this.headers.getAll(name);
		}

	}

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private final AtomicInteger openWebSockets = new AtomicInteger();

	private final AtomicInteger webSocketHandshakes = new AtomicInteger();

	private final List<String> webSocketFrames = new CopyOnWriteArrayList<>();

	private volatile String page = "<!DOCTYPE html><title>empty</title>";

	private final DisposableServer server;

	public RecordingUpstream() {
		// Larger decoding limits than the gateway's, so that what the gateway forwards is what arrives.
		this.server = HttpServer.create().host("127.0.0.1").port(0)
			.httpRequestDecoder(spec -> spec.maxInitialLineLength(64 * 1024).maxHeaderSize(64 * 1024))
			.route(routes -> routes
			.ws("/ws", (in, out) -> {
				this.webSocketHandshakes.incrementAndGet();
				this.openWebSockets.incrementAndGet();
				return out.sendString(in.receive().asString().doOnNext(this.webSocketFrames::add).map(text -> "echo:" + text))
					.then()
					.doFinally(signal -> this.openWebSockets.decrementAndGet());
			})
			// A live feed: the upstream talks, a client on a receive-only socket only listens.
			.ws("/feed", (in, out) -> {
				this.webSocketHandshakes.incrementAndGet();
				this.openWebSockets.incrementAndGet();
				return Mono.when(in.receive().asString().doOnNext(this.webSocketFrames::add).then(),
						out.sendString(reactor.core.publisher.Flux.interval(java.time.Duration.ofMillis(100)).map(i -> "tick")).then())
					.doFinally(signal -> this.openWebSockets.decrementAndGet());
			})
			// An HTML page (set with page(...)): a target's own page, or another site's.
			.get("/page", (request, response) -> {
				this.received.add(new Received(request.method().name(), request.uri(), request.requestHeaders().copy(), ""));
				return response.header("Content-Type", "text/html; charset=utf-8").sendString(Mono.just(this.page)).then();
			})
			.get("/stream", (request, response) -> {
				this.received.add(new Received(request.method().name(), request.uri(), request.requestHeaders().copy(), ""));
				// An endless event stream, like a head-end's live meter feed.
				return response.header("Content-Type", "text/event-stream")
					.sendString(reactor.core.publisher.Flux.interval(java.time.Duration.ofMillis(100)).map(i -> "data: " + i + "\n\n"))
					.then();
			})
			.route(request -> true, (request, response) -> request.receive()
				.aggregate()
				.asString(StandardCharsets.UTF_8)
				.defaultIfEmpty("")
				.flatMap(body -> {
					this.received.add(new Received(request.method().name(), request.uri(), request.requestHeaders().copy(), body));
					// ?sc=<url-encoded Set-Cookie value>, repeatable: the upstream sets exactly these cookies.
					new io.netty.handler.codec.http.QueryStringDecoder(request.uri()).parameters()
						.getOrDefault("sc", List.of())
						.forEach(cookie -> response.addHeader("Set-Cookie", cookie));
					if (request.uri().contains("set-cookie")) {
						response.addHeader("Set-Cookie", "upstream_session=abc; Path=/; Domain=example.org; HttpOnly");
						response.addHeader("Set-Cookie", "pref=1");
					}
					return response.header("Content-Type", "text/plain")
						.sendString(Mono.just("ok:" + request.uri()))
						.then();
				})))
			.bindNow();
	}

	public String url() {
		return "http://127.0.0.1:" + this.server.port();
	}

	/** What {@code GET /page} answers from now on. */
	public void page(String html) {
		this.page = html;
	}

	/** Every request received so far, WebSocket handshakes included. */
	public List<Received> received() {
		return List.copyOf(this.received);
	}

	public Received last() {
		if (this.received.isEmpty()) {
			throw new AssertionError("the upstream received nothing");
		}
		return this.received.get(this.received.size() - 1);
	}

	public void clear() {
		this.received.clear();
		this.webSocketFrames.clear();
		this.webSocketHandshakes.set(0);
	}

	/** WebSocket handshakes the upstream accepted on {@code /ws} and {@code /feed}. */
	public int webSocketHandshakes() {
		return this.webSocketHandshakes.get();
	}

	/** Every data frame a client sent the upstream over a WebSocket, as text. */
	public List<String> webSocketFrames() {
		return List.copyOf(this.webSocketFrames);
	}

	public int openWebSockets() {
		return this.openWebSockets.get();
	}

	@Override
	public void close() {
		this.server.disposeNow();
	}

	static Map<String, String> none() {
		return Map.of();
	}

}
