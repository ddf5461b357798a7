package io.keygate.infra.simulator;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One request as it reached the simulator, before any check. The {@code Authorization} header's
 * secret is never kept: only who it named and whether it was right.
 *
 * @param sequence position in the log, from 1
 * @param principal the service account named by a valid credential, empty when none or wrong
 * @param credentialPresented whether any {@code Authorization} header came at all
 * @param headers every other header as received (names lower-cased), so tests can prove what the
 * gateway stripped (the engineer's cookies and tokens) and what it added
 * @param status the status the simulator answered, 0 while the exchange is still open (WebSocket)
 */
public record ReceivedRequest(long sequence, Instant at, String method, String path, String query, String remoteAddress,
		boolean credentialPresented, Optional<String> principal, Map<String, List<String>> headers, int status) {

	public ReceivedRequest {
		Objects.requireNonNull(at, "at cannot be null");
		Objects.requireNonNull(method, "method cannot be null");
		Objects.requireNonNull(path, "path cannot be null");
		Objects.requireNonNull(query, "query cannot be null");
		Objects.requireNonNull(remoteAddress, "remoteAddress cannot be null");
		Objects.requireNonNull(principal, "principal cannot be null");
		headers = Map.copyOf(headers);
	}

	public boolean authenticated() {
		return this.principal.isPresent();
	}

	/** First value of a header, by case-insensitive name. */
	public Optional<String> header(String name) {
		List<String> values = this.headers.get(name.toLowerCase(Locale.ROOT));
		return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
	}

	ReceivedRequest withStatus(int answered) {
		return new ReceivedRequest(this.sequence, this.at, this.method, this.path, this.query, this.remoteAddress,
				this.credentialPresented, this.principal, this.headers, answered);
	}

}
