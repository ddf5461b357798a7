package io.keygate.gateway.testsupport;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** A real WebSocket client through the gateway that records what it got and how it was closed. */
public final class WebSocketProbe implements AutoCloseable {

	private final List<String> messages = new CopyOnWriteArrayList<>();

	private final AtomicReference<CloseStatus> closeStatus = new AtomicReference<>();

	private final AtomicReference<Throwable> error = new AtomicReference<>();

	private final Disposable connection;

	private WebSocketProbe(URI uri, String subject, String organisation, String origin) {
		this(uri, subject, organisation, origin, true);
	}

	private WebSocketProbe(URI uri, String subject, String organisation, String origin, boolean send) {
		HttpHeaders headers = new HttpHeaders();
		headers.set(TestSignin.SUBJECT, subject);
		headers.set(TestSignin.ORGANISATION, organisation);
		if (origin != null) {
			headers.set(HttpHeaders.ORIGIN, origin);
		}
		// "hello" is repeated until the first echo: a message sent while the gateway is still
		// connecting to the upstream may be lost, and the test must not depend on that race.
		Sinks.Empty<Void> echoed = Sinks.empty();
		this.connection = new ReactorNettyWebSocketClient().execute(uri, headers, session -> Mono.when(
				send ? session.send(Flux.interval(Duration.ZERO, Duration.ofMillis(250))
					.map(i -> session.textMessage("hello"))
					.takeUntilOther(echoed.asMono())) : Mono.never(),
				session.receive().map(WebSocketMessage::getPayloadAsText).doOnNext(text -> {
					this.messages.add(text);
					echoed.tryEmitEmpty();
				}).then(),
				session.closeStatus().doOnNext(this.closeStatus::set).then()))
			.subscribe(null, this.error::set);
	}

	/** Opened as the gateway's own page would: {@code Origin} is the gateway's. */
	public static WebSocketProbe open(String gatewayUrl, String path, String subject, String organisation) {
		return open(gatewayUrl, path, subject, organisation, gatewayUrl);
	}

	/** Opened from a page of {@code origin} (null: no Origin header, as a non-browser client). */
	public static WebSocketProbe open(String gatewayUrl, String path, String subject, String organisation, String origin) {
		return new WebSocketProbe(URI.create(gatewayUrl.replace("http://", "ws://") + path), subject, organisation, origin);
	}

	/** Opened from the gateway's own page, sending nothing: a listener on a live feed. */
	public static WebSocketProbe listen(String gatewayUrl, String path, String subject, String organisation) {
		return new WebSocketProbe(URI.create(gatewayUrl.replace("http://", "ws://") + path), subject, organisation, gatewayUrl,
				false);
	}

	public List<String> messages() {
		return List.copyOf(this.messages);
	}

	public CloseStatus closeStatus() {
		return this.closeStatus.get();
	}

	public Throwable error() {
		return this.error.get();
	}

	@Override
	public void close() {
		this.connection.dispose();
	}

}
