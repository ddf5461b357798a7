package io.keygate.auth.live;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The live view's settings, under {@code keygate.live.*}.
 *
 * @param silentAfter a gateway whose last heartbeat is older than this is shown as not heartbeating,
 * and its sessions as last reported (default 15 s: three missed beats of the gateways' default 5 s)
 * @param forgetAfter how long the shared store remembers a silent gateway (distributed mode; default 24 h)
 * @param warnings how long before a grant's {@code notAfter} the vendor is warned (default 10 and 2 minutes)
 * @param pollInterval how often the live pages refresh (default 3 s)
 */
@Validated
@ConfigurationProperties("keygate.live")
public record LiveProperties(@DefaultValue("PT15S") Duration silentAfter, @DefaultValue("PT24H") Duration forgetAfter,
		@DefaultValue({ "PT10M", "PT2M" }) List<Duration> warnings, @DefaultValue("PT3S") Duration pollInterval) {

	public LiveProperties {
		positive(silentAfter, "silent-after");
		positive(forgetAfter, "forget-after");
		positive(pollInterval, "poll-interval");
		warnings = List.copyOf(warnings);
		warnings.forEach(warning -> positive(warning, "warnings"));
	}

	private static void positive(Duration value, String name) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException("keygate.live." + name + " must be a positive duration, was " + value);
		}
	}

	/** The warning due at {@code left} before the end: the smallest threshold not yet passed, or none. */
	public Duration warningFor(Duration left) {
		Duration due = null;
		for (Duration warning : this.warnings) {
			if (left.compareTo(warning) <= 0 && (due == null || warning.compareTo(due) < 0)) {
				due = warning;
			}
		}
		return due;
	}

}
