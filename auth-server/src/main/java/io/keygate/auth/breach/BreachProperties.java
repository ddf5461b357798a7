package io.keygate.auth.breach;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code keygate.breach.*}: how a vendor breach declaration behaves. Absent values take the
 * defaults; a bad value stops start-up with a message naming the property.
 *
 * @param secondAdmin whether a second security admin must confirm a declaration with their key
 * before it takes effect; default false (a breach is answered in minutes, and one admin's key
 * touch is audited at CRITICAL)
 * @param strictPeriod how long detections stay strict for the organisation; default 30 days
 * @param receiptBound how long every gateway has to write its receipt before a missing one is shown
 * red and alerted; default 30 s
 * @param resumeApprovals the fewest approvals every request of a resumed organisation needs; default 2
 * @param resumePeriod how long those terms last; default 90 days
 * @param lookback how far before the window key uses count as "seen before"; default 365 days
 * @param maxWindow the longest window one may declare; default 400 days
 */
@ConfigurationProperties("keygate.breach")
public record BreachProperties(Boolean secondAdmin, Duration strictPeriod, Duration receiptBound, Integer resumeApprovals,
		Duration resumePeriod, Duration lookback, Duration maxWindow) {

	public BreachProperties {
		secondAdmin = secondAdmin != null && secondAdmin;
		strictPeriod = positive(strictPeriod == null ? Duration.ofDays(30) : strictPeriod, "strict-period");
		receiptBound = positive(receiptBound == null ? Duration.ofSeconds(30) : receiptBound, "receipt-bound");
		resumeApprovals = resumeApprovals == null ? 2 : resumeApprovals;
		if (resumeApprovals < 1 || resumeApprovals > 5) {
			throw new IllegalArgumentException("keygate.breach.resume-approvals must be 1..5, was " + resumeApprovals);
		}
		resumePeriod = positive(resumePeriod == null ? Duration.ofDays(90) : resumePeriod, "resume-period");
		lookback = positive(lookback == null ? Duration.ofDays(365) : lookback, "lookback");
		maxWindow = positive(maxWindow == null ? Duration.ofDays(400) : maxWindow, "max-window");
	}

	public static BreachProperties defaults() {
		return new BreachProperties(null, null, null, null, null, null, null);
	}

	private static Duration positive(Duration value, String name) {
		if (value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException("keygate.breach." + name + " must be positive, was " + value);
		}
		return value;
	}

}
