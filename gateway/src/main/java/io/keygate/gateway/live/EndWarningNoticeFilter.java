package io.keygate.gateway.live;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;

import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;

import io.keygate.gateway.access.AccessDecisionFilter;
import io.keygate.gateway.access.DecidedRequest;
import io.keygate.policy.catalog.Target;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Adds a small notice to a target's HTML pages when the grant that opened them ends soon, on
 * targets whose catalogue entry says {@code end-warning: true}. Only when all of these hold:
 * an allowed {@code GET}, the grant within the largest warning of its end, a {@code 200} answer
 * whose type is {@code text/html} in an ASCII-compatible charset, and no {@code Content-Encoding}.
 * <p>
 * Why it is built this way:
 * <ul>
 * <li>Compression: the request's {@code Accept-Encoding} is removed when a notice is due, so the
 * upstream answers uncompressed; should it compress anyway, the page passes untouched (appending
 * plain bytes to a gzip stream would corrupt it).</li>
 * <li>Framing: the notice is appended after the page's last byte (HTML parsers put trailing
 * content into the body), so nothing is buffered or parsed, and a known {@code Content-Length} is
 * raised by exactly the notice's length, never left wrong.</li>
 * <li>Content: the notice is ASCII with every other character as a numeric reference, no script,
 * and nothing from the request: only the catalogue's target name and the time left.</li>
 * </ul>
 * Every other response goes through untouched, and requests where no notice is due cost one
 * attribute read.
 */
public final class EndWarningNoticeFilter implements GlobalFilter, Ordered {

	/** After the decision (it reads {@link DecidedRequest}), before the response is written (-1). */
	public static final int ORDER = AccessDecisionFilter.ORDER + 10;

	/** The notice's element id: tests and the target's own scripts can find it. */
	public static final String ELEMENT_ID = "keygate-end-warning";

	private static final Logger log = LoggerFactory.getLogger(EndWarningNoticeFilter.class);

	private static final DateTimeFormatter HOUR_MINUTE = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

	private final List<Duration> warnings;

	private final Duration largest;

	private final Clock clock;

	public EndWarningNoticeFilter(List<Duration> warnings, Clock clock) {
		this.warnings = List.copyOf(warnings);
		this.largest = this.warnings.stream().max(Duration::compareTo).orElse(Duration.ZERO);
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		DecidedRequest decided = DecidedRequest.of(exchange);
		// Upgrade: h2c is an ordinary request (Java's client sends it); only a WebSocket handshake is not a page.
		if (decided == null || !decided.target().endWarning() || !HttpMethod.GET.equals(exchange.getRequest().getMethod())
				|| "websocket".equalsIgnoreCase(exchange.getRequest().getHeaders().getUpgrade())) {
			return chain.filter(exchange);
		}
		Instant now = this.clock.instant();
		Instant notAfter = decided.allow().grant().notAfter();
		Duration left = Duration.between(now, notAfter);
		if (left.isNegative() || left.compareTo(this.largest) > 0) {
			return chain.filter(exchange);
		}
		byte[] notice = notice(decided.target(), left, notAfter);
		ServerHttpRequest identity = exchange.getRequest().mutate().headers(headers -> headers.remove(HttpHeaders.ACCEPT_ENCODING)).build();
		ServerHttpResponseDecorator withNotice = new ServerHttpResponseDecorator(exchange.getResponse()) {
			@Override
			public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
				if (!injectable(getHeaders(), getStatusCode() == null ? 0 : getStatusCode().value())) {
					return super.writeWith(body);
				}
				long length = getHeaders().getContentLength();
				if (length >= 0) {
					getHeaders().setContentLength(length + notice.length);
				}
				return super.writeWith(Flux.<DataBuffer>from(body)
					.concatWith(Mono.fromSupplier(() -> bufferFactory().wrap(notice))));
			}
		};
		return chain.filter(exchange.mutate().request(identity).response(withNotice).build());
	}

	static boolean injectable(HttpHeaders headers, int status) {
		if (status != HttpStatus.OK.value()) {
			return false;
		}
		String encoding = headers.getFirst(HttpHeaders.CONTENT_ENCODING);
		if (encoding != null && !encoding.isBlank() && !"identity".equalsIgnoreCase(encoding.strip())) {
			return false;
		}
		MediaType type;
		try {
			type = headers.getContentType();
		}
		catch (InvalidMediaTypeException ex) {
			log.debug("Unreadable Content-Type; no notice added: {}", ex.getMessage());
			return false;
		}
		if (type == null || !MediaType.TEXT_HTML.equalsTypeAndSubtype(type)) {
			return false;
		}
		// UTF-16/32 pages would read our ASCII bytes as garbage; every other web charset is ASCII-compatible.
		String charset = type.getParameter("charset");
		return charset == null || !charset.toUpperCase(java.util.Locale.ROOT).matches("\"?UTF-?(16|32).*");
	}

	static byte[] notice(Target target, Duration left, Instant notAfter) {
		long minutes = Math.max(1, (left.toSeconds() + 59) / 60);
		String text = "Keygate: your access to " + target.name() + " ends in " + minutes + " minute" + (minutes == 1 ? "" : "s")
				+ " (at " + HOUR_MINUTE.format(notAfter) + " UTC). Save your work; ask for a new grant in the portal to continue.";
		String html = "\n<div id=\"" + ELEMENT_ID + "\" role=\"alert\" style=\"position:fixed;top:0;left:0;right:0;"
				+ "z-index:2147483647;background:#fff3cd;color:#000;border-bottom:2px solid #e0a800;padding:6px 12px;"
				+ "font:14px sans-serif\">" + escape(text) + "</div>\n";
		return html.getBytes(StandardCharsets.US_ASCII);
	}

	/** Pure ASCII: markup characters and anything outside printable ASCII become numeric references. */
	static String escape(String text) {
		StringBuilder out = new StringBuilder(text.length());
		text.codePoints().forEach(c -> {
			if (c < 0x20 || c > 0x7e || c == '<' || c == '>' || c == '&' || c == '"' || c == '\'') {
				out.append("&#").append(c).append(';');
			}
			else {
				out.append((char) c);
			}
		});
		return out.toString();
	}

}
