package io.keygate.gateway.live;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import io.keygate.policy.Names;

/**
 * How this gateway reports itself and its live sessions, under {@code keygate.gateway.live.*}.
 *
 * @param instanceId this process's id in the live view and in breach receipts; default the host
 * name and a random suffix (a restarted gateway is a new instance; the old one goes silent)
 * @param heartbeatInterval how often it heartbeats and reports its sessions (default 5 s); the auth
 * server shows it as silent after {@code keygate.live.silent-after}, which must be longer
 * @param forgetAfter how long the store remembers a silent gateway and its last report (default 24 h)
 * @param idle a live session without requests or WebSockets for this long leaves the live view
 * (default 30 min, the sign-in idle timeout)
 * @param warnings how long before a grant's {@code notAfter} the vendor is warned (default 10 and 2 minutes)
 */
@Validated
@ConfigurationProperties("keygate.gateway.live")
public record LiveProperties(String instanceId, @DefaultValue("PT5S") Duration heartbeatInterval,
		@DefaultValue("PT24H") Duration forgetAfter, @DefaultValue("PT30M") Duration idle,
		@DefaultValue({ "PT10M", "PT2M" }) List<Duration> warnings) {

	public LiveProperties {
		if (instanceId != null && !instanceId.isBlank() && !Names.isToken(instanceId)) {
			throw new IllegalArgumentException("keygate.gateway.live.instance-id must be letters, digits, '.', '_', '@', '+' or"
					+ " '-', was '" + instanceId + "'");
		}
		positive(heartbeatInterval, "heartbeat-interval");
		positive(forgetAfter, "forget-after");
		positive(idle, "idle");
		warnings = List.copyOf(warnings);
		warnings.forEach(warning -> positive(warning, "warnings"));
	}

	private static void positive(Duration value, String name) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException("keygate.gateway.live." + name + " must be a positive duration, was " + value);
		}
	}

}
