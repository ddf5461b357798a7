package io.keygate.policy.shape;

import java.util.List;
import java.util.Objects;

/**
 * What the gateway saw of a request besides its method and path, for the decision to judge.
 *
 * @param headerNames every header name, as received
 * @param queryNames every query parameter name, raw (still percent-encoded)
 * @param formNames every field name of a form body (urlencoded or multipart), raw
 * @param formInspected false when the body is a form that could not be read in full (over the
 * inspection limit, no multipart boundary): an override might hide in it, so the request is refused
 * @param body whether the request has a body ({@code Content-Length > 0} or {@code Transfer-Encoding})
 * @param webSocket whether this is a WebSocket handshake
 * @param origin the {@code Origin} header (several joined with a comma), null when absent
 * @param secFetchSite the {@code Sec-Fetch-Site} header, null when absent
 * @param servingOrigin the origin the gateway serves this target on ({@code scheme://host[:port]}),
 * null when it cannot tell
 * @param offOrigin the target has an origin of its own and this request did not come to it
 */
public record RequestShape(List<String> headerNames, List<String> queryNames, List<String> formNames,
		boolean formInspected, boolean body, boolean webSocket, String origin, String secFetchSite, String servingOrigin,
		boolean offOrigin) {

	/**
	 * A plain same-origin body-less request with no headers worth judging: what callers that ask
	 * about method and path only (tests, benchmarks of the decision) mean.
	 */
	public static final RequestShape PLAIN = new RequestShape(List.of(), List.of(), List.of(), true, false, false, null,
			"same-origin", null, false);

	public RequestShape {
		headerNames = List.copyOf(Objects.requireNonNull(headerNames, "headerNames cannot be null"));
		queryNames = List.copyOf(Objects.requireNonNull(queryNames, "queryNames cannot be null"));
		formNames = List.copyOf(Objects.requireNonNull(formNames, "formNames cannot be null"));
	}

}
