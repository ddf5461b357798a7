package io.keygate.auth.alert;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import io.keygate.policy.audit.Severity;

/**
 * What the alerts page lists: by state (open and acknowledged by default), severity,
 * organisation and technique. Unknown values select nothing rather than everything.
 */
public record AlertFilter(Optional<AlertState> state, boolean includeClosed, Optional<Severity> severity,
		Optional<String> organisation, Optional<String> technique) {

	private static final Pattern TECHNIQUE = Pattern.compile("T\\d{4}(\\.\\d{3})?");

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}");

	public static final AlertFilter NOT_CLOSED = new AlertFilter(Optional.empty(), false, Optional.empty(), Optional.empty(),
			Optional.empty());

	/** From request parameters; blank means "any". Throws {@link IllegalArgumentException}-free: bad values are refused by the caller. */
	public static Optional<AlertFilter> parse(String state, String severity, String organisation, String technique) {
		Optional<AlertState> st = Optional.empty();
		boolean closed = false;
		if (state != null && !state.isBlank()) {
			if ("all".equalsIgnoreCase(state)) {
				closed = true;
			}
			else {
				try {
					st = Optional.of(AlertState.valueOf(state.toUpperCase(Locale.ROOT)));
					closed = st.get() == AlertState.CLOSED;
				}
				catch (IllegalArgumentException ex) {
					return Optional.empty();
				}
			}
		}
		Optional<Severity> sev = Optional.empty();
		if (severity != null && !severity.isBlank()) {
			try {
				sev = Optional.of(Severity.valueOf(severity.toUpperCase(Locale.ROOT)));
			}
			catch (IllegalArgumentException ex) {
				return Optional.empty();
			}
		}
		Optional<String> org = Optional.empty();
		if (organisation != null && !organisation.isBlank()) {
			if (!NAME.matcher(organisation).matches()) {
				return Optional.empty();
			}
			org = Optional.of(organisation);
		}
		Optional<String> tech = Optional.empty();
		if (technique != null && !technique.isBlank()) {
			if (!TECHNIQUE.matcher(technique).matches()) {
				return Optional.empty();
			}
			tech = Optional.of(technique);
		}
		return Optional.of(new AlertFilter(st, closed, sev, org, tech));
	}

}
