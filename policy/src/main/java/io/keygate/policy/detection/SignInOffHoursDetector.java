package io.keygate.policy.detection;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.audit.Severity;

/**
 * T1078: a sign-in outside its organisation's working hours (its own calendar and time zone, or
 * the fallback calendar). Intruders in a breached vendor network work when its staff do not.
 * One finding per person and local day: a night of activity is one alert, not one per sign-in.
 */
public final class SignInOffHoursDetector implements Detector {

	public static final String ID = "signin-off-hours";

	private static final String SIGNED_IN = AuditAction.WEBAUTHN_SIGNIN_SUCCEEDED.action();

	private final Map<String, WorkingHours> calendars;

	private final WorkingHours fallback;

	private final OffHoursThresholds normal;

	private final OffHoursThresholds strict;

	public SignInOffHoursDetector(Map<String, WorkingHours> calendars, WorkingHours fallback, OffHoursThresholds normal,
			OffHoursThresholds strict) {
		this.calendars = Map.copyOf(calendars);
		this.fallback = Objects.requireNonNull(fallback, "fallback cannot be null");
		this.normal = Objects.requireNonNull(normal, "normal cannot be null");
		this.strict = Objects.requireNonNull(strict, "strict cannot be null");
	}

	@Override
	public String id() {
		return ID;
	}

	@Override
	public List<Finding> observe(AuditEvent event, Strictness strictness) {
		AuditEntry entry = event.entry();
		if (!SIGNED_IN.equals(entry.action()) || entry.actor().isEmpty()) {
			return List.of();
		}
		WorkingHours hours = this.calendars.getOrDefault(entry.organisation(), this.fallback);
		Duration grace = (strictness == Strictness.STRICT ? this.strict : this.normal).grace();
		if (hours.includes(entry.at(), grace)) {
			return List.of();
		}
		LocalDate day = entry.at().atZone(hours.zone()).toLocalDate();
		String local = entry.at().atZone(hours.zone()).toLocalTime().withNano(0).toString();
		String explanation = entry.actor() + " signed in at " + local + " on " + day.getDayOfWeek() + " " + day + " ("
				+ hours.zone() + "), outside the working hours of " + orgName(entry) + ".";
		return List.of(new Finding(ID, Severity.WARNING, "T1078", explanation, entry.actor(), entry.organisation(), "",
				List.of(event.sequence()), entry.at(), ID + "|" + entry.actor() + "|" + day));
	}

	/** The organisations with a calendar of their own. */
	public Set<String> calendarOrganisations() {
		return this.calendars.keySet();
	}

	private static String orgName(AuditEntry entry) {
		return entry.organisation().isEmpty() ? "their organisation" : entry.organisation();
	}

}
