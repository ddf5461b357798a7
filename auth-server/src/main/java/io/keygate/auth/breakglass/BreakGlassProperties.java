package io.keygate.auth.breakglass;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code keygate.break-glass.*}: how long an emergency grant lasts (default 30 minutes, at most
 * two hours) and which levels it may have (default read and operate). Firmware is never a
 * break-glass level: listing it stops start-up.
 */
@Validated
@ConfigurationProperties("keygate.break-glass")
public record BreakGlassProperties(@DefaultValue("PT30M") Duration duration,
		@DefaultValue({ "read", "operate" }) List<String> levels) {

	/** No emergency lasts longer without a human decision. */
	static final Duration MAX = Duration.ofHours(2);

	/** Uploading firmware is the one thing an emergency never justifies without two approvers. */
	static final String FIRMWARE = "firmware";

	public BreakGlassProperties {
		if (duration == null || duration.isNegative() || duration.isZero() || duration.compareTo(MAX) > 0) {
			throw new IllegalArgumentException("keygate.break-glass.duration must be positive and at most " + MAX + ", was "
					+ duration);
		}
		levels = List.copyOf(levels);
		if (levels.isEmpty()) {
			throw new IllegalArgumentException("keygate.break-glass.levels must name at least one level");
		}
		if (levels.stream().anyMatch(FIRMWARE::equalsIgnoreCase)) {
			throw new IllegalArgumentException("keygate.break-glass.levels must never include firmware");
		}
	}

	boolean allows(String level) {
		return level != null && !FIRMWARE.equalsIgnoreCase(level) && this.levels.contains(level);
	}

}
