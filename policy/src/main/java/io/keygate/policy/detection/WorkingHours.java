package io.keygate.policy.detection;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One organisation's working calendar: the days and hours its people work, in its own time zone,
 * and its holidays. {@code end} after {@code start}; a night shift is two calendars' worth of
 * trouble and is not modelled (configure the whole day instead).
 */
public record WorkingHours(ZoneId zone, Set<DayOfWeek> days, LocalTime start, LocalTime end, Set<LocalDate> holidays) {

	/** Monday to Friday, 07:00–19:00 UTC: the fallback for an organisation without its own calendar. */
	public static final WorkingHours DEFAULT = new WorkingHours(ZoneId.of("UTC"),
			EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(7, 0), LocalTime.of(19, 0), Set.of());

	public WorkingHours {
		Objects.requireNonNull(zone, "zone cannot be null");
		Objects.requireNonNull(start, "start cannot be null");
		Objects.requireNonNull(end, "end cannot be null");
		if (days == null || days.isEmpty()) {
			throw new IllegalArgumentException("working hours need at least one working day");
		}
		if (!end.isAfter(start)) {
			throw new IllegalArgumentException("working hours end after they start, were " + start + "-" + end);
		}
		days = Set.copyOf(days);
		holidays = holidays == null ? Set.of() : Set.copyOf(holidays);
	}

	/** Whether {@code at} is inside working time, widened by {@code grace} on both ends of the day. */
	public boolean includes(Instant at, java.time.Duration grace) {
		ZonedDateTime local = at.atZone(this.zone);
		if (!this.days.contains(local.getDayOfWeek()) || this.holidays.contains(local.toLocalDate())) {
			return false;
		}
		ZonedDateTime from = local.with(this.start).minus(grace);
		ZonedDateTime to = local.with(this.end).plus(grace);
		return !local.isBefore(from) && !local.isAfter(to);
	}

}
