package io.keygate.auth.evidence;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

import io.keygate.auth.web.RefusedException;

/**
 * The period a report covers, {@code [from, to)} in UTC. Chosen as whole days ({@code to} is the
 * day after the last day covered); the default is the {@code defaultPeriod} up to now.
 */
public record EvidencePeriod(Instant from, Instant to) {

	public EvidencePeriod {
		if (from == null || to == null || !from.isBefore(to)) {
			throw new IllegalArgumentException("a period needs from before to (this is a bug)");
		}
	}

	/**
	 * Parses the chosen dates; blank means the default. Refuses (400) unparseable dates, an empty or
	 * reversed period, one ending more than a day in the future, or one longer than {@code max}.
	 */
	public static EvidencePeriod choose(String fromText, String toText, Instant now, Duration defaultPeriod, Duration max) {
		Instant to;
		Instant from;
		try {
			to = blank(toText) ? now : day(toText);
			from = blank(fromText) ? to.minus(defaultPeriod) : day(fromText);
		}
		catch (DateTimeParseException ex) {
			throw new RefusedException(EvidenceRefusal.INVALID_PERIOD, "evidence period not a date: from=" + cut(fromText)
					+ " to=" + cut(toText));
		}
		if (!from.isBefore(to) || to.isAfter(now.plus(1, ChronoUnit.DAYS)) || Duration.between(from, to).compareTo(max) > 0) {
			throw new RefusedException(EvidenceRefusal.INVALID_PERIOD, "evidence period refused: " + from + " to " + to);
		}
		return new EvidencePeriod(from, to);
	}

	private static Instant day(String text) {
		if (text.length() != 10) {
			throw new DateTimeParseException("not YYYY-MM-DD", text, 0);
		}
		return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
	}

	private static boolean blank(String text) {
		return text == null || text.isBlank();
	}

	private static String cut(String text) {
		return text == null ? "" : text.length() > 40 ? text.substring(0, 40) + "…" : text;
	}

}
