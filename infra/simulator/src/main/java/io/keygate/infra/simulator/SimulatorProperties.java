package io.keygate.infra.simulator;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * One simulated head-end or MDM.
 *
 * @param system which system this instance plays
 * @param site a short name shown on the pages (e.g. the utility's region)
 * @param credential the service credential every request must carry; there is no default, because
 * the whole point of the simulator is to make the gateway's credential injection observable
 * @param meters how many meters the fleet holds
 * @param eventInterval how often the event console pushes a meter read
 * @param requestLogCapacity how many received requests the log keeps (oldest dropped first)
 * @param maxFirmwareSize the largest firmware image accepted, in bytes
 */
@ConfigurationProperties("keygate.simulator")
@Validated
public record SimulatorProperties(@NotNull SimulatedSystem system, @DefaultValue("Riverside") @NotBlank String site,
		@NotNull @Valid Credential credential, @DefaultValue("12") @Min(1) @Max(10_000) int meters,
		@DefaultValue("1s") @NotNull Duration eventInterval, @DefaultValue("10000") @Min(10) @Max(1_000_000) int requestLogCapacity,
		@DefaultValue("16777216") @Min(1) long maxFirmwareSize, @Valid Bait bait) {

	public SimulatorProperties {
		if (eventInterval != null && (eventInterval.isNegative() || eventInterval.isZero())) {
			throw new IllegalArgumentException("keygate.simulator.event-interval must be positive: " + eventInterval);
		}
	}

	/** What the console shows when no bait is configured: nothing. */
	public Bait bait() {
		return this.bait == null ? Bait.NONE : this.bait;
	}

	/**
	 * Bait planted on the console for an intruder to find (issue 14): a honeytoken shown as the
	 * system's "API key for scripts", and a link to a decoy target. Both empty: none shown.
	 *
	 * @param honeytoken a token registered with the auth server as a honeytoken
	 * @param decoyLink a relative link to a decoy target behind the gateway, e.g. {@code ../scada-historian/}
	 */
	public record Bait(@Size(max = 200) @Pattern(regexp = "[A-Za-z0-9_]*") String honeytoken,
			@Size(max = 200) @Pattern(regexp = "[A-Za-z0-9_./-]*") String decoyLink) {

		public static final Bait NONE = new Bait("", "");

		public Bait {
			honeytoken = honeytoken == null ? "" : honeytoken;
			decoyLink = decoyLink == null ? "" : decoyLink;
		}

	}

	/**
	 * HTTP Basic credential of the simulated system's service account.
	 *
	 * @param username the service account
	 * @param password at least 16 characters: a short one would invite people to reuse a real one
	 */
	public record Credential(@NotBlank @Pattern(regexp = "[A-Za-z0-9._-]{1,64}") String username,
			@NotBlank @Size(min = 16, max = 256) String password) {

		@Override
		public String toString() {
			return "Credential[username=" + this.username + ", password=<hidden>]";
		}

	}

}
