package io.keygate.gateway.breakglass;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;

import io.keygate.gateway.access.AccessDecisionFilter;
import io.keygate.gateway.access.DecidedRequest;
import io.keygate.policy.grant.Grant;

/**
 * Puts a red banner at the top of every HTML page served under a break-glass grant. Other grants
 * pay one attribute read; only a break-glass session's HTML responses are buffered and rewritten.
 * A compressed body is passed through unchanged (rewriting it would mean decompressing); the
 * {@code X-Keygate-Break-Glass} response header is set on every response of the session anyway.
 */
public final class BreakGlassBannerFilter implements GlobalFilter, Ordered {

	/** Inside the access filter (which decides and counts bytes), before the response is written. */
	public static final int ORDER = AccessDecisionFilter.ORDER + 10;

	public static final String HEADER = "X-Keygate-Break-Glass";

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		DecidedRequest decided = DecidedRequest.of(exchange);
		if (decided == null || !decided.allow().grant().isBreakGlass()) {
			return chain.filter(exchange);
		}
		Grant grant = decided.allow().grant();
		ServerHttpResponse original = exchange.getResponse();
		original.getHeaders().set(HEADER, grant.id());
		ServerHttpResponseDecorator banner = new ServerHttpResponseDecorator(original) {
			@Override
			public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
				if (!rewritable(getDelegate().getHeaders())) {
					return super.writeWith(body);
				}
				return DataBufferUtils.join(Flux.from(body)).flatMap(joined -> {
					byte[] page = new byte[joined.readableByteCount()];
					joined.read(page);
					DataBufferUtils.release(joined);
					byte[] withBanner = inject(page, grant);
					getDelegate().getHeaders().setContentLength(withBanner.length);
					return super.writeWith(Mono.just(bufferFactory().wrap(withBanner)));
				});
			}
		};
		return chain.filter(exchange.mutate().response(banner).build());
	}

	private static boolean rewritable(HttpHeaders headers) {
		MediaType type = headers.getContentType();
		String encoding = headers.getFirst(HttpHeaders.CONTENT_ENCODING);
		return type != null && MediaType.TEXT_HTML.isCompatibleWith(type)
				&& (encoding == null || "identity".equalsIgnoreCase(encoding.strip()));
	}

	/**
	 * The page with the banner right after its {@code <body ...>} tag, or first when it has none.
	 * Searched and inserted as bytes (the banner is ASCII), so the page's own charset is untouched.
	 */
	static byte[] inject(byte[] page, Grant grant) {
		String latin = new String(page, StandardCharsets.ISO_8859_1);
		int at = 0;
		int body = latin.toLowerCase(Locale.ROOT).indexOf("<body");
		if (body >= 0) {
			int end = latin.indexOf('>', body);
			at = end < 0 ? 0 : end + 1;
		}
		byte[] banner = bannerHtml(grant).getBytes(StandardCharsets.US_ASCII);
		byte[] out = new byte[page.length + banner.length];
		System.arraycopy(page, 0, out, 0, at);
		System.arraycopy(banner, 0, out, at, banner.length);
		System.arraycopy(page, at, out, at + banner.length, page.length - at);
		return out;
	}

	static String bannerHtml(Grant grant) {
		return "<div id=\"keygate-break-glass\" role=\"alert\" style=\"position:sticky;top:0;z-index:2147483647;"
				+ "background:#b00020;color:#fff;font:bold 15px/1.4 sans-serif;padding:10px 16px;text-align:center\">"
				+ "BREAK-GLASS emergency access - not approved by anyone. Every action is recorded and will be reviewed. "
				+ "Ends at " + TIME.format(grant.notAfter()) + ".</div>";
	}

}
