package io.keygate.policy.shape;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Who may make a signed-in browser change things through the gateway. The gateway injects each
 * target's service credential, so any page that can make the vendor's browser send a request
 * acts with it: a page of another target, a same-site page, a phishing page. For an unsafe method
 * (anything but GET, HEAD, OPTIONS, TRACE) and for every WebSocket handshake (browsers do not
 * apply CORS to WebSockets) the request must come from the very origin serving the target:
 * <ol>
 * <li>{@code Origin} present and not {@code null}: it must equal the serving origin;</li>
 * <li>no {@code Origin}, or the opaque {@code null}: {@code Sec-Fetch-Site} must be
 * {@code same-origin}; {@code same-site}, {@code cross-site} and {@code none} are refused, and so is
 * {@code null} without it. (A browser sends {@code Origin: null} for a form POST from the target's
 * own page when that page's referrer policy is {@code no-referrer}, as the Fetch standard says; it
 * sends {@code null} from sandboxed frames and redirects across sites too, which then say
 * {@code cross-site}. {@code Sec-Fetch-Site} is set by the browser alone: no page can forge it.)</li>
 * <li>neither (not a modern browser): a WebSocket handshake is refused (fail closed); an unsafe
 * method is refused unless the operator allows header-less clients
 * ({@code allowHeaderlessUnsafe}), for scripts that talk to the gateway directly.</li>
 * </ol>
 * A target with its own origin is refused, whatever the method, when reached through another one.
 */
public final class SameOriginRule {

	private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

	private SameOriginRule() {
	}

	/** Whether the rule applies to this request at all. */
	public static boolean applies(String method, RequestShape shape) {
		return shape.webSocket() || !SAFE.contains(method);
	}

	/** Why the request is refused, or empty when it may proceed. */
	public static Optional<String> violation(String method, RequestShape shape, boolean allowHeaderlessUnsafe) {
		if (shape.offOrigin()) {
			// Any method: a target with its own origin served on the shared one would share it again.
			return Optional.of("target is served on its own origin " + shape.servingOrigin() + " only");
		}
		if (!applies(method, shape)) {
			return Optional.empty();
		}
		String what = shape.webSocket() ? "WebSocket handshake" : method;
		String origin = shape.origin();
		boolean opaque = origin != null && origin.strip().equalsIgnoreCase("null");
		if (origin != null && !opaque) {
			if (shape.servingOrigin() == null) {
				return Optional.of(what + " with Origin " + origin + " but the serving origin is unknown");
			}
			if (!normalise(origin).equals(normalise(shape.servingOrigin()))) {
				return Optional.of(what + " from origin " + origin + ", not " + shape.servingOrigin());
			}
			return Optional.empty();
		}
		String site = shape.secFetchSite();
		if (site != null) {
			return site.strip().equalsIgnoreCase("same-origin") ? Optional.empty()
					: Optional.of(what + " with Sec-Fetch-Site " + site + " and " + (opaque ? "Origin null" : "no Origin"));
		}
		if (opaque) {
			return Optional.of(what + " with Origin null and no Sec-Fetch-Site");
		}
		if (shape.webSocket()) {
			return Optional.of("WebSocket handshake with neither Origin nor Sec-Fetch-Site");
		}
		return allowHeaderlessUnsafe ? Optional.empty()
				: Optional.of(what + " with neither Origin nor Sec-Fetch-Site (header-less clients are not allowed)");
	}

	/** Lower case, default ports dropped, no trailing slash: how browsers serialise an origin. */
	public static String normalise(String origin) {
		String o = origin.strip().toLowerCase(Locale.ROOT);
		if (o.endsWith("/")) {
			o = o.substring(0, o.length() - 1);
		}
		if (o.startsWith("http://") && o.endsWith(":80")) {
			o = o.substring(0, o.length() - 3);
		}
		else if (o.startsWith("https://") && o.endsWith(":443")) {
			o = o.substring(0, o.length() - 4);
		}
		return o;
	}

}
