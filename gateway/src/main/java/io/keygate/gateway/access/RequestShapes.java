package io.keygate.gateway.access;

import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;

import io.keygate.gateway.firmware.FirmwareGateFilter;
import io.keygate.gateway.route.ServingOrigins;
import io.keygate.policy.shape.FormFieldNames;
import io.keygate.policy.shape.RequestShape;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Gathers a request's {@link RequestShape} for the decision. A form body (urlencoded or multipart)
 * is read in full, up to {@code maxFormBytes}, because an override field may be anywhere in it
 * and the upstream must receive nothing of a refused request; the exchange handed on replays the
 * bytes read. A larger form, or one that cannot be parsed, is marked uninspected and refused (fail
 * closed). Other bodies stream through untouched and unread.
 */
public final class RequestShapes {

	/** The exchange to continue with (its body replayable when it was read) and its shape. */
	public record Shaped(ServerWebExchange exchange, RequestShape shape) {
	}

	private final int maxFormBytes;

	private final ServingOrigins origins;

	private final BiPredicate<ServerHttpRequest, String> streamedUpload;

	public RequestShapes(int maxFormBytes, ServingOrigins origins) {
		this(maxFormBytes, origins, (request, targetId) -> false);
	}

	/**
	 * @param streamedUpload whether a request to a target is a firmware upload, whose form body the
	 * firmware gate reads while streaming (it may be far larger than any form); the gate checks its
	 * field names, and refuses it when the normalised path turns out not to be a firmware path
	 */
	public RequestShapes(int maxFormBytes, ServingOrigins origins, BiPredicate<ServerHttpRequest, String> streamedUpload) {
		this.streamedUpload = streamedUpload;
		if (maxFormBytes < 0) {
			throw new IllegalArgumentException("maxFormBytes cannot be negative");
		}
		this.maxFormBytes = maxFormBytes;
		this.origins = origins;
	}

	public Mono<Shaped> read(ServerWebExchange exchange, String targetId) {
		ServerHttpRequest request = exchange.getRequest();
		HttpHeaders headers = request.getHeaders();
		boolean body = hasBody(headers);
		String contentType = headers.getFirst(HttpHeaders.CONTENT_TYPE);
		if (!body || !FormFieldNames.isForm(contentType)) {
			return Mono.just(new Shaped(exchange, shape(exchange, targetId, body, List.of(), true)));
		}
		if (this.streamedUpload.test(request, targetId)) {
			exchange.getAttributes().put(FirmwareGateFilter.FORM_LEFT_TO_GATE, Boolean.TRUE);
			return Mono.just(new Shaped(exchange, shape(exchange, targetId, true, List.of(), true)));
		}
		return DataBufferUtils.join(request.getBody(), this.maxFormBytes)
			.map(buffer -> {
				byte[] bytes = new byte[buffer.readableByteCount()];
				buffer.read(bytes);
				DataBufferUtils.release(buffer);
				return bytes;
			})
			.defaultIfEmpty(new byte[0])
			.map(bytes -> {
				Optional<List<String>> fields = FormFieldNames.of(contentType, bytes);
				ServerHttpRequest replaying = new ServerHttpRequestDecorator(request) {
					@Override
					public Flux<DataBuffer> getBody() {
						return Flux.defer(() -> Flux.just(exchange.getResponse().bufferFactory().wrap(bytes)));
					}
				};
				return new Shaped(exchange.mutate().request(replaying).build(),
						shape(exchange, targetId, true, fields.orElse(List.of()), fields.isPresent()));
			})
			.onErrorResume(DataBufferLimitException.class, ex -> Mono.just(new Shaped(exchange,
					shape(exchange, targetId, true, List.of(), false))));
	}

	/** RFC 9112 §6: a request has content when it says so by Content-Length above 0 or Transfer-Encoding. */
	static boolean hasBody(HttpHeaders headers) {
		if (headers.containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
			return true;
		}
		for (String length : headers.getOrEmpty(HttpHeaders.CONTENT_LENGTH)) {
			try {
				if (Long.parseLong(length.strip()) != 0) {
					return true;
				}
			}
			catch (NumberFormatException ex) {
				// Unparseable framing: count it as a body, so a body-less method is refused.
				return true;
			}
		}
		return false;
	}

	private RequestShape shape(ServerWebExchange exchange, String targetId, boolean body, List<String> formNames,
			boolean formInspected) {
		ServerHttpRequest request = exchange.getRequest();
		HttpHeaders headers = request.getHeaders();
		List<String> origin = headers.getOrEmpty(HttpHeaders.ORIGIN);
		List<String> site = headers.getOrEmpty("Sec-Fetch-Site");
		return new RequestShape(List.copyOf(headers.headerNames()), FormFieldNames.parameterNames(request.getURI().getRawQuery()),
				formNames, formInspected, body, "websocket".equalsIgnoreCase(headers.getUpgrade()),
				origin.isEmpty() ? null : String.join(",", origin), site.isEmpty() ? null : String.join(",", site),
				this.origins.of(exchange, targetId), this.origins.offOrigin(exchange, targetId));
	}

}
