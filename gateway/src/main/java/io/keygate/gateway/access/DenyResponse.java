package io.keygate.gateway.access;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriComponentsBuilder;

import io.keygate.policy.decision.DenyReason;
import reactor.core.publisher.Mono;

/**
 * The 403 a refused person sees: an HTML page for browsers (what was refused, why, and where to ask
 * for access) or an RFC 9457 problem document ({@code application/problem+json}) for API clients.
 * Only {@link DenyReason#message()} and the public reason code reach the client; the detail stays
 * in the log and audit trail. A decoy reads exactly like an
 * unknown target, code included, so that a prober cannot tell them apart.
 */
public final class DenyResponse {

	private final URI portalUrl;

	public DenyResponse(URI portalUrl) {
		this.portalUrl = portalUrl;
	}

	/** The reason code shown to clients: DECOY and HONEYTOKEN are disguised as UNKNOWN_TARGET. */
	public static DenyReason publicReason(DenyReason reason) {
		return reason == DenyReason.DECOY || reason == DenyReason.HONEYTOKEN ? DenyReason.UNKNOWN_TARGET : reason;
	}

	public Mono<Void> write(ServerWebExchange exchange, DenyReason reason, String targetId, String method, String path) {
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			return Mono.empty();
		}
		DenyReason shown = publicReason(reason);
		response.setStatusCode(HttpStatus.FORBIDDEN);
		HttpHeaders headers = response.getHeaders();
		headers.setCacheControl("no-store");
		headers.set("X-Content-Type-Options", "nosniff");
		headers.set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
		String requestAccess = requestAccessLink(shown, targetId);
		byte[] body;
		if (wantsHtml(exchange)) {
			headers.setContentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8));
			body = html(shown, targetId, method, path, requestAccess).getBytes(StandardCharsets.UTF_8);
		}
		else {
			headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
			body = problem(shown, requestAccess).getBytes(StandardCharsets.UTF_8);
		}
		DataBuffer buffer = response.bufferFactory().wrap(body);
		return response.writeWith(Mono.just(buffer));
	}

	/**
	 * The JSON answer: an RFC 9457 problem document, the shape the auth server answers too (no
	 * {@code type}, which means {@code about:blank}). The title is generic, {@code detail} is the
	 * reason's sentence, {@code code} the public reason.
	 */
	static String problem(DenyReason shown, String requestAccess) {
		return "{\"title\":\"Forbidden\",\"status\":403,\"detail\":\"" + json(shown.message())
				+ "\",\"code\":\"" + shown.name() + "\",\"requestAccess\":\"" + json(requestAccess) + "\"}";
	}

	private String requestAccessLink(DenyReason shown, String targetId) {
		UriComponentsBuilder link = UriComponentsBuilder.fromUri(this.portalUrl);
		// Only a real target is worth pre-filling; echoing an unknown name back would help a prober.
		if (shown != DenyReason.UNKNOWN_TARGET && shown != DenyReason.MALFORMED_REQUEST && targetId != null) {
			// The vendor's portal page (auth server, /access/vendor), where the request form is; the target is a hint.
			link.path("/access/vendor").queryParam("target", targetId);
		}
		return link.encode().build().toUriString();
	}

	private static boolean wantsHtml(ServerWebExchange exchange) {
		List<MediaType> accept = exchange.getRequest().getHeaders().getAccept();
		for (MediaType type : accept) {
			if (type.isCompatibleWith(MediaType.TEXT_HTML) && !type.isWildcardType()) {
				return true;
			}
		}
		return false;
	}

	private String html(DenyReason shown, String targetId, String method, String path, String requestAccess) {
		boolean nameTarget = shown != DenyReason.UNKNOWN_TARGET && shown != DenyReason.MALFORMED_REQUEST;
		String what = nameTarget ? "<code>" + HtmlUtils.htmlEscape(method + " " + abbreviated(path)) + "</code> on target <strong>"
				+ HtmlUtils.htmlEscape(targetId) + "</strong>" : "this request";
		// A grant that ended (by its holder or by running out) is not a refusal to be alarmed by.
		boolean ended = shown == DenyReason.ENDED || shown == DenyReason.EXPIRED;
		String title = ended ? "Your access ended" : "Access refused";
		String body = "<p class=\"" + (ended ? "ended" : "refusal") + "\" id=\"why\">" + HtmlUtils.htmlEscape(shown.message())
				+ "</p><p>Keygate " + (ended ? "did not forward " : "refused ") + what + ".</p>"
				+ "<p><a class=\"primary\" id=\"request-access\" href=\"" + HtmlUtils.htmlEscape(requestAccess)
				+ "\">Request access in the Keygate portal</a></p>"
				+ "<p class=\"muted\" id=\"reason\">Reason: " + shown.name() + "</p>";
		return io.keygate.gateway.home.GatewayPage.of(title, io.keygate.gateway.home.GatewayPage.myAccess(this.portalUrl), body);
	}

	/** Long paths (up to the server's limit) would dominate the page; the log keeps them whole. */
	private static String abbreviated(String path) {
		return path == null || path.length() <= 200 ? String.valueOf(path) : path.substring(0, 200) + "…";
	}

	private static String json(String value) {
		StringBuilder out = new StringBuilder(value.length());
		for (char c : value.toCharArray()) {
			if (c == '"' || c == '\\') {
				out.append('\\').append(c);
			}
			else if (c < 0x20) {
				out.append(String.format("\\u%04x", (int) c));
			}
			else {
				out.append(c);
			}
		}
		return out.toString();
	}

}
