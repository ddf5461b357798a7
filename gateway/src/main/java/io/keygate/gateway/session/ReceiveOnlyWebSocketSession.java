package io.keygate.gateway.session;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The browser's side of a receive-only WebSocket: the upstream may send, the client may not. The
 * first data frame (text or binary) from the client is not passed on: it is reported (audit) and
 * the socket is closed with 1008 (policy violation). Control frames (ping, pong) pass, so the
 * connection can be kept alive; a close frame ends the socket as usual.
 */
final class ReceiveOnlyWebSocketSession implements WebSocketSession {

	private final WebSocketSession delegate;

	private final Function<WebSocketMessage.Type, Mono<Void>> refuse;

	private final AtomicBoolean refused = new AtomicBoolean();

	/** {@code refuse} records the refused frame's type and closes the socket. */
	ReceiveOnlyWebSocketSession(WebSocketSession delegate, Function<WebSocketMessage.Type, Mono<Void>> refuse) {
		this.delegate = Objects.requireNonNull(delegate, "delegate cannot be null");
		this.refuse = Objects.requireNonNull(refuse, "refuse cannot be null");
	}

	@Override
	public Flux<WebSocketMessage> receive() {
		return this.delegate.receive().concatMap(message -> {
			WebSocketMessage.Type type = message.getType();
			if (type == WebSocketMessage.Type.PING || type == WebSocketMessage.Type.PONG) {
				return Mono.just(message);
			}
			// Not retained, so Reactor Netty releases the frame; nothing after it is read either.
			if (this.refused.compareAndSet(false, true)) {
				return this.refuse.apply(type).then(Mono.<WebSocketMessage>empty());
			}
			return Mono.<WebSocketMessage>empty();
		}).takeUntil(message -> this.refused.get());
	}

	@Override
	public String getId() {
		return this.delegate.getId();
	}

	@Override
	public HandshakeInfo getHandshakeInfo() {
		return this.delegate.getHandshakeInfo();
	}

	@Override
	public DataBufferFactory bufferFactory() {
		return this.delegate.bufferFactory();
	}

	@Override
	public Map<String, Object> getAttributes() {
		return this.delegate.getAttributes();
	}

	@Override
	public Mono<Void> send(Publisher<WebSocketMessage> messages) {
		return this.delegate.send(messages);
	}

	@Override
	public boolean isOpen() {
		return this.delegate.isOpen();
	}

	@Override
	public Mono<Void> close(CloseStatus status) {
		return this.delegate.close(status);
	}

	@Override
	public Mono<CloseStatus> closeStatus() {
		return this.delegate.closeStatus();
	}

	@Override
	public WebSocketMessage textMessage(String payload) {
		return this.delegate.textMessage(payload);
	}

	@Override
	public WebSocketMessage binaryMessage(Function<DataBufferFactory, DataBuffer> payloadFactory) {
		return this.delegate.binaryMessage(payloadFactory);
	}

	@Override
	public WebSocketMessage pingMessage(Function<DataBufferFactory, DataBuffer> payloadFactory) {
		return this.delegate.pingMessage(payloadFactory);
	}

	@Override
	public WebSocketMessage pongMessage(Function<DataBufferFactory, DataBuffer> payloadFactory) {
		return this.delegate.pongMessage(payloadFactory);
	}

}
