package io.keygate.infra.distributed;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The head-end's live event console opened through a gateway with a browser's session cookie:
 * records the events that arrive and how, and when, the socket was closed.
 */
final class EventConsoleSocket implements WebSocket.Listener, AutoCloseable {

	/** What ended the socket: the close frame's code and when it arrived ({@link System#nanoTime()}). */
	record Closed(int code, String reason, long atNanos) {
	}

	private final List<String> messages = new CopyOnWriteArrayList<>();

	private final StringBuilder partial = new StringBuilder();

	private final AtomicReference<Closed> closed = new AtomicReference<>();

	private final AtomicReference<Throwable> error = new AtomicReference<>();

	private WebSocket socket;

	private EventConsoleSocket() {
	}

	/**
	 * Opens {@code /t/head-end/events} on {@code gatewayUrl} as {@code browser} ({@code wss://} for an
	 * {@code https} gateway, trusting what the browser trusts); fails if the handshake is refused.
	 */
	static EventConsoleSocket open(HttpBrowser browser, String gatewayUrl) {
		String page = gatewayUrl + "/t/head-end/";
		URI uri = URI.create(gatewayUrl.replaceFirst("^http", "ws") + "/t/head-end/events");
		EventConsoleSocket console = new EventConsoleSocket();
		try {
			// The browser's cookies (the gateway's session) go with the upgrade request, as a
			// browser sends them; this client has no jar of its own, so nothing is sent twice.
			HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
			if (browser.tls() != null) {
				http.sslContext(browser.tls());
			}
			console.socket = http.build().newWebSocketBuilder()
				.header("Cookie", browser.cookieHeader(page))
				// What a browser sends from the console page: the gateway admits WebSocket handshakes
				// only from the origin serving the target (SameOriginRule).
				.header("Origin", gatewayUrl)
				.connectTimeout(Duration.ofSeconds(10))
				.buildAsync(uri, console)
				.get(30, TimeUnit.SECONDS);
			return console;
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof WebSocketHandshakeException refused) {
				throw new AssertionError("the gateway refused the WebSocket handshake on " + uri + ": "
						+ refused.getResponse().statusCode() + " " + refused.getResponse().body(), refused);
			}
			throw new AssertionError("WebSocket to " + uri + " failed", ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new AssertionError("WebSocket to " + uri + " did not open within 30 s", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	List<String> messages() {
		return List.copyOf(this.messages);
	}

	Closed closed() {
		return this.closed.get();
	}

	Throwable error() {
		return this.error.get();
	}

	@Override
	public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		synchronized (this.partial) {
			this.partial.append(data);
			if (last) {
				this.messages.add(this.partial.toString());
				this.partial.setLength(0);
			}
		}
		webSocket.request(1);
		return null;
	}

	@Override
	public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
		this.closed.compareAndSet(null, new Closed(statusCode, reason, System.nanoTime()));
		return null;
	}

	@Override
	public void onError(WebSocket webSocket, Throwable failure) {
		this.error.compareAndSet(null, failure);
	}

	@Override
	public String toString() {
		return "event console socket [messages=" + this.messages.size() + ", closed=" + this.closed.get() + ", error="
				+ this.error.get() + "]";
	}

	@Override
	public void close() {
		if (this.socket != null && !this.socket.isOutputClosed()) {
			this.socket.abort();
		}
	}

}
