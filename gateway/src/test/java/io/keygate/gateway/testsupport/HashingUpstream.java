package io.keygate.gateway.testsupport;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A real upstream that hashes every request body as it streams (never holding it) and records what
 * arrived: so a test can prove an upload reached it byte for byte, or that nothing did, at any size.
 */
public final class HashingUpstream implements AutoCloseable {

	/** One request as it arrived: the SHA-256 and size of its whole body. */
	public record Arrival(String method, String uri, String contentType, String sha256, long size) {
	}

	private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();

	private final DisposableServer server;

	public HashingUpstream() {
		this.server = HttpServer.create().host("127.0.0.1").port(0).handle((request, response) -> {
			MessageDigest digest = sha256();
			AtomicLong size = new AtomicLong();
			return request.receive().doOnNext(buffer -> {
				size.addAndGet(buffer.readableBytes());
				digest.update(buffer.nioBuffer());
			}).then(Mono.defer(() -> {
				this.arrivals.add(new Arrival(request.method().name(), request.uri(), request.requestHeaders().get("Content-Type"),
						HexFormat.of().formatHex(digest.digest()), size.get()));
				return response.status(201).header("Content-Type", "text/plain").sendString(Mono.just("stored")).then();
			}));
		}).bindNow();
	}

	public static String sha256Hex(byte[] bytes) {
		return HexFormat.of().formatHex(sha256().digest(bytes));
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public String url() {
		return "http://127.0.0.1:" + this.server.port();
	}

	public List<Arrival> arrivals() {
		return List.copyOf(this.arrivals);
	}

	public void clear() {
		this.arrivals.clear();
	}

	@Override
	public void close() {
		this.server.disposeNow();
	}

}
