package io.keygate.gateway.testsupport;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/** A real WebSocket client through the gateway that records what it got and how it was closed. */
public final class WebSocketProbe implements AutoCloseable {

	private final List<String> messages = new CopyOnWriteArrayList<>();

	private final AtomicReference<CloseStatus> closeStatus = new AtomicReference<>();

	private final AtomicReference<Throwable> error = new AtomicReference<>();

	private final Disposable connection;

	private WebSocketProbe(URI uri, String subject, String organisation) {
		HttpHeaders headers = new HttpHeaders();
		headers.set(TestSignin.SUBJECT, subject);
		headers.set(TestSignin.ORGANISATION, organisation);
		this.connection = new ReactorNettyWebSocketClient().execute(uri, headers, session -> Mono.when(
				session.send(Mono.just(session.textMessage("hello")))
					.thenMany(session.receive().map(WebSocketMessage::getPayloadAsText).doOnNext(this.messages::add))
					.then(),
				session.closeStatus().doOnNext(this.closeStatus::set).then()))
			.subscribe(null, this.error::set);
	}

	public static WebSocketProbe open(String gatewayUrl, String path, String subject, String organisation) {
		return new WebSocketProbe(URI.create(gatewayUrl.replace("http://", "ws://") + path), subject, organisation);
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
