package io.keygate.auth.detection;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;

import io.keygate.policy.detection.FailedAssertionThresholds;
import io.keygate.policy.detection.GrantlessProbeThresholds;
import io.keygate.policy.detection.KeyMemoryThresholds;
import io.keygate.policy.detection.NewNetworkThresholds;
import io.keygate.policy.detection.OffHoursThresholds;
import io.keygate.policy.detection.PathProbeThresholds;
import io.keygate.policy.detection.ReasonTargetThresholds;
import io.keygate.policy.detection.WorkingHours;

/**
 * {@code keygate.detection.*}: thresholds and windows of the detectors, each with the value used
 * for an organisation watched strictly (a declared breach). Every value has a safe default; a
 * value out of range stops start-up with a message naming it (the policy records validate).
 * Each detector is on unless {@code keygate.detection.<detector>.enabled=false}.
 *
 * @param replay whether each detector rebuilds its memory from the chain at start (default on; off
 * only for tests that feed detectors by hand)
 */
@ConfigurationProperties("keygate.detection")
public record DetectionProperties(Boolean replay, NewNetwork newNetwork, OffHours offHours, FailedAssertions failedAssertions,
		Keys keys, GrantlessProbe grantlessProbe, PathProbe pathProbe, ReasonTarget reasonTarget) {

	public DetectionProperties {
		replay = replay == null || replay;
		newNetwork = newNetwork == null ? new NewNetwork(null, null, null) : newNetwork;
		offHours = offHours == null ? new OffHours(null, null, null, null, null) : offHours;
		failedAssertions = failedAssertions == null ? new FailedAssertions(null, null, null, null, null) : failedAssertions;
		keys = keys == null ? new Keys(null, null) : keys;
		grantlessProbe = grantlessProbe == null ? new GrantlessProbe(null, null, null, null, null, null, null) : grantlessProbe;
		pathProbe = pathProbe == null ? new PathProbe(null, null, null, null, null, null) : pathProbe;
		reasonTarget = reasonTarget == null ? new ReasonTarget(null, null, null, null) : reasonTarget;
	}

	/**
	 * {@code new-network}: a sign-in from a /24 (IPv4) or /64 (IPv6) not seen for the person.
	 *
	 * @param memory how long a network stays known; default 30 days
	 * @param strictMemory the same for a strict organisation; default 7 days (and a person with no
	 * baseline at all is reported too)
	 */
	public record NewNetwork(Boolean enabled, Duration memory, Duration strictMemory) {

		public NewNetworkThresholds normal() {
			return new NewNetworkThresholds(or(this.memory, NewNetworkThresholds.DEFAULT.memory()), false);
		}

		public NewNetworkThresholds strict() {
			return new NewNetworkThresholds(or(this.strictMemory, NewNetworkThresholds.STRICT.memory()), true);
		}

	}

	/**
	 * {@code off-hours}: a sign-in outside the organisation's working hours.
	 *
	 * @param grace slack either side of the working day; default 60 minutes
	 * @param strictGrace default none
	 * @param fallback the calendar of any organisation not listed; default Monday–Friday 07:00–19:00 UTC
	 * @param organisations calendars by organisation id, e.g. {@code itron: {zone: America/Chicago,
	 * days: [MONDAY, ..., FRIDAY], start: "07:00", end: "18:00", holidays: [2026-12-25]}}
	 */
	public record OffHours(Boolean enabled, Duration grace, Duration strictGrace, Calendar fallback,
			Map<String, Calendar> organisations) {

		public OffHoursThresholds normal() {
			return new OffHoursThresholds(or(this.grace, OffHoursThresholds.DEFAULT.grace()));
		}

		public OffHoursThresholds strict() {
			return new OffHoursThresholds(or(this.strictGrace, OffHoursThresholds.STRICT.grace()));
		}

		public WorkingHours fallbackHours() {
			return this.fallback == null ? WorkingHours.DEFAULT : this.fallback.hours("keygate.detection.off-hours.fallback");
		}

		public Map<String, WorkingHours> calendars() {
			Map<String, WorkingHours> calendars = new LinkedHashMap<>();
			if (this.organisations != null) {
				this.organisations.forEach((organisation, calendar) -> calendars.put(organisation,
						calendar.hours("keygate.detection.off-hours.organisations." + organisation)));
			}
			return calendars;
		}

	}

	/** One organisation's working calendar; absent fields take the default calendar's. */
	public record Calendar(ZoneId zone, Set<DayOfWeek> days, LocalTime start, LocalTime end, List<LocalDate> holidays) {

		WorkingHours hours(String property) {
			try {
				WorkingHours base = WorkingHours.DEFAULT;
				return new WorkingHours(or(this.zone, base.zone()),
						this.days == null || this.days.isEmpty() ? EnumSet.copyOf(base.days()) : this.days,
						or(this.start, base.start()), or(this.end, base.end()),
						this.holidays == null ? Set.of() : Set.copyOf(this.holidays));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException(property + ": " + ex.getMessage(), ex);
			}
		}

	}

	/**
	 * {@code failed-assertions}: refused key assertions for one person (or from one network).
	 *
	 * @param failures default 5
	 * @param window default 10 minutes
	 * @param strictFailures default 3
	 * @param strictWindow default 30 minutes
	 */
	public record FailedAssertions(Boolean enabled, Integer failures, Duration window, Integer strictFailures,
			Duration strictWindow) {

		public FailedAssertionThresholds normal() {
			return new FailedAssertionThresholds(or(this.failures, FailedAssertionThresholds.DEFAULT.failures()),
					or(this.window, FailedAssertionThresholds.DEFAULT.window()));
		}

		public FailedAssertionThresholds strict() {
			return new FailedAssertionThresholds(or(this.strictFailures, FailedAssertionThresholds.STRICT.failures()),
					or(this.strictWindow, FailedAssertionThresholds.STRICT.window()));
		}

	}

	/**
	 * {@code keys}: the counter-regression and shared-key detectors (no threshold: one is enough).
	 *
	 * @param enabled both detectors
	 * @param memory how long a credential's owner and counter are remembered; default 90 days
	 */
	public record Keys(Boolean enabled, Duration memory) {

		public KeyMemoryThresholds thresholds() {
			return new KeyMemoryThresholds(or(this.memory, KeyMemoryThresholds.DEFAULT.memory()));
		}

	}

	/**
	 * {@code grantless-probe}: denials for lack of a grant (NO_GRANT, UNKNOWN_TARGET, DECOY).
	 *
	 * @param distinctTargets default 4 (strict 2)
	 * @param distinctPaths default 25 (strict 10)
	 * @param window default 10 minutes (strict 60 minutes)
	 */
	public record GrantlessProbe(Boolean enabled, Integer distinctTargets, Integer distinctPaths, Duration window,
			Integer strictDistinctTargets, Integer strictDistinctPaths, Duration strictWindow) {

		public GrantlessProbeThresholds normal() {
			GrantlessProbeThresholds base = GrantlessProbeThresholds.DEFAULT;
			return new GrantlessProbeThresholds(or(this.distinctTargets, base.distinctTargets()),
					or(this.distinctPaths, base.distinctPaths()), or(this.window, base.window()));
		}

		public GrantlessProbeThresholds strict() {
			GrantlessProbeThresholds base = GrantlessProbeThresholds.STRICT;
			return new GrantlessProbeThresholds(or(this.strictDistinctTargets, base.distinctTargets()),
					or(this.strictDistinctPaths, base.distinctPaths()), or(this.strictWindow, base.window()));
		}

	}

	/**
	 * {@code path-probe}: distinct requests refused for path, method or shape.
	 *
	 * @param distinctRequests default 10 (strict 4)
	 * @param window default 10 minutes (strict 60 minutes)
	 * @param reasons deny reasons counted; default PATH_NOT_ALLOWED, METHOD_NOT_ALLOWED,
	 * MALFORMED_REQUEST, OVERRIDE_REFUSED, BODY_NOT_ALLOWED, CROSS_ORIGIN, WEBSOCKET_NOT_ALLOWED
	 */
	public record PathProbe(Boolean enabled, Integer distinctRequests, Duration window, Integer strictDistinctRequests,
			Duration strictWindow, Set<String> reasons) {

		public PathProbeThresholds normal() {
			PathProbeThresholds base = PathProbeThresholds.DEFAULT;
			return new PathProbeThresholds(or(this.distinctRequests, base.distinctRequests()), or(this.window, base.window()),
					reasons());
		}

		public PathProbeThresholds strict() {
			PathProbeThresholds base = PathProbeThresholds.STRICT;
			return new PathProbeThresholds(or(this.strictDistinctRequests, base.distinctRequests()),
					or(this.strictWindow, base.window()), reasons());
		}

		@Override
		public Set<String> reasons() {
			return this.reasons == null || this.reasons.isEmpty() ? PathProbeThresholds.PROBE_REASONS : this.reasons;
		}

	}

	/**
	 * {@code reason-target}: a granted target outside the usual targets of its request's reason.
	 *
	 * @param minSamples earlier requests sharing a reason word before it counts; default 5 (strict 3)
	 * @param memory history replayed at start; default 180 days
	 */
	public record ReasonTarget(Boolean enabled, Integer minSamples, Integer strictMinSamples, Duration memory) {

		public ReasonTargetThresholds normal() {
			return new ReasonTargetThresholds(or(this.minSamples, ReasonTargetThresholds.DEFAULT.minSamples()),
					or(this.memory, ReasonTargetThresholds.DEFAULT.memory()));
		}

		public ReasonTargetThresholds strict() {
			return new ReasonTargetThresholds(or(this.strictMinSamples, ReasonTargetThresholds.STRICT.minSamples()),
					or(this.memory, ReasonTargetThresholds.STRICT.memory()));
		}

	}

	private static <T> T or(T value, T fallback) {
		return value == null ? fallback : value;
	}

}
