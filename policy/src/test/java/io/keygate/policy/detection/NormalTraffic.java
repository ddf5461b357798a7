package io.keygate.policy.detection;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.audit.Severity;

/**
 * A generated, seeded stream of ordinary days at a utility, shaped like what the auth server and
 * the gateway really audit: vendor engineers of three organisations sign in with their own key
 * from their office or home network inside their working hours, ask for their usual targets with
 * their usual reasons, get approved (approvers touch their keys), use the grant (allowed requests
 * and completions), and now and then mistype a target, follow a link their level does not allow,
 * fumble a PIN, or reload a tab after the grant ended. Every quiet test replays this stream.
 */
public final class NormalTraffic {

	/** The first Monday of the stream. */
	public static final LocalDate FIRST_DAY = LocalDate.of(2026, 3, 2);

	/** Days the learning detectors (new network, reason profiles) need before "ordinary" means something. */
	public static final int LEARNING_DAYS = 7;

	public static final Map<String, WorkingHours> CALENDARS = Map.of(
			"itron", hours("America/Chicago", 7, 18),
			"landis", hours("Europe/Zurich", 8, 17),
			"siemens", hours("Europe/Berlin", 8, 18),
			"utility", hours("America/Chicago", 7, 19));

	record Engineer(String subject, String organisation, String credentialId, List<String> networks, List<String> targets,
			List<String> reasons) {
	}

	private static final List<Engineer> ENGINEERS = List.of(
			engineer("ana@itron.example", "itron", List.of("198.51.100.", "203.0.113."), List.of("head-end-1", "head-end-2"),
					List.of("meter firmware rollout feeder %d", "head-end diagnostics for meter reads")),
			engineer("bo@itron.example", "itron", List.of("198.51.100.", "2001:db8:10:1::"), List.of("head-end-1", "head-end-2"),
					List.of("meter firmware rollout feeder %d", "collector reboot after outage %d")),
			engineer("cy@itron.example", "itron", List.of("198.51.100.", "192.0.2."), List.of("head-end-1"),
					List.of("head-end diagnostics for meter reads", "collector reboot after outage %d")),
			engineer("di@landis.example", "landis", List.of("100.64.7.", "100.64.9."), List.of("mdm-1"),
					List.of("billing determinant export check %d", "validation rules update")),
			engineer("ed@landis.example", "landis", List.of("100.64.7."), List.of("mdm-1", "mdm-2"),
					List.of("billing determinant export check %d", "validation rules update")),
			engineer("fa@siemens.example", "siemens", List.of("172.20.4.", "2001:db8:77:5::"), List.of("scada-historian"),
					List.of("historian tag maintenance %d", "historian archive rotation")),
			engineer("gu@siemens.example", "siemens", List.of("172.20.4."), List.of("scada-historian"),
					List.of("historian tag maintenance %d", "historian archive rotation")));

	private static final List<String> APPROVERS = List.of("hal@utility.example", "ivy@utility.example");

	private static final List<String> PATHS = List.of("/", "/dashboard", "/api/meters", "/api/meters/%d", "/api/reads/%d",
			"/static/app.js", "/static/app.css", "/api/events");

	private final Random random;

	private final List<AuditEntry> entries = new ArrayList<>();

	private final Map<String, Long> counters = new HashMap<>();

	private int ids;

	private NormalTraffic(long seed) {
		this.random = new Random(seed);
	}

	/** {@code days} ordinary days from {@link #FIRST_DAY}, chained in time order from sequence 1. */
	public static List<AuditEvent> days(long seed, int days) {
		NormalTraffic traffic = new NormalTraffic(seed);
		traffic.onboarding(FIRST_DAY);
		for (int day = 0; day < days; day++) {
			traffic.day(FIRST_DAY.plusDays(day));
		}
		return chain(traffic.countersInTimeOrder(), 1);
	}

	/**
	 * The first day also shows every engineer on each of their networks and targets for each of
	 * their reasons, so that what is "usual" is known from the start rather than by chance.
	 */
	private void onboarding(LocalDate date) {
		for (Engineer engineer : ENGINEERS) {
			WorkingHours hours = CALENDARS.get(engineer.organisation());
			for (String network : engineer.networks()) {
				String address = network.contains(":") ? network + "1" : network + "1";
				signIn(engineer.subject(), engineer.organisation(), engineer.credentialId(), address,
						at(date, engineer.organisation(), hours.start().getHour(), hours.end().getHour() - 3));
			}
			for (String target : engineer.targets()) {
				for (String reason : engineer.reasons()) {
					work(engineer, engineer.networks().get(0) + "1", at(date, engineer.organisation(), hours.start().getHour(),
							hours.end().getHour() - 3), target, String.format(reason, 1 + this.random.nextInt(40)));
				}
			}
		}
	}

	/** Signature counters grow in the order the keys were used, as a real key's do. */
	private List<AuditEntry> countersInTimeOrder() {
		List<AuditEntry> sorted = new ArrayList<>(this.entries);
		sorted.sort(Comparator.comparing(AuditEntry::at));
		Map<String, Long> counts = new HashMap<>();
		List<AuditEntry> counted = new ArrayList<>(sorted.size());
		for (AuditEntry entry : sorted) {
			if (!entry.details().containsKey("signatureCount")) {
				counted.add(entry);
				continue;
			}
			Map<String, String> details = new java.util.TreeMap<>(entry.details());
			details.put("signatureCount", String.valueOf(counts.merge(details.get("credentialId"), 1L + this.random.nextInt(3), Long::sum)));
			counted.add(new AuditEntry(entry.at(), entry.actor(), entry.organisation(), entry.action(), entry.targetId(),
					entry.grantId(), entry.requestId(), entry.outcome(), entry.reason(), entry.clientAddress(), entry.severity(),
					details));
		}
		return counted;
	}

	/** The instant at which the learning days are over. */
	public static Instant afterLearning() {
		return FIRST_DAY.plusDays(LEARNING_DAYS).atStartOfDay(ZoneId.of("UTC")).toInstant();
	}

	public static List<AuditEvent> chain(List<AuditEntry> entries, long firstSequence) {
		List<AuditEntry> sorted = new ArrayList<>(entries);
		sorted.sort(Comparator.comparing(AuditEntry::at));
		List<AuditEvent> events = new ArrayList<>(sorted.size());
		long sequence = firstSequence;
		for (AuditEntry entry : sorted) {
			events.add(new AuditEvent(sequence, entry, "p" + (sequence - 1), "h" + sequence));
			sequence++;
		}
		return events;
	}

	private void day(LocalDate date) {
		for (String approver : APPROVERS) {
			if (isWorkday(date)) {
				signIn(approver, "utility", "cred-" + approver, "10.20.30." + (10 + this.random.nextInt(40)),
						at(date, "utility", 8, 10));
			}
		}
		for (Engineer engineer : ENGINEERS) {
			if (!isWorkday(date) || this.random.nextInt(10) >= 8) {
				continue;
			}
			WorkingHours hours = CALENDARS.get(engineer.organisation());
			Instant signIn = at(date, engineer.organisation(), hours.start().getHour(), hours.end().getHour() - 3);
			String network = engineer.networks().get(this.random.nextInt(engineer.networks().size()));
			String address = network.contains(":") ? network + Integer.toHexString(1 + this.random.nextInt(0xffff))
					: network + (2 + this.random.nextInt(250));
			if (this.random.nextInt(20) == 0) {
				// A fumbled PIN before the sign-in that works.
				this.entries.add(AuditEntry.builder(AuditAction.WEBAUTHN_SIGNIN_REFUSED, signIn.minusSeconds(40))
					.actor(engineer.subject())
					.organisation(engineer.organisation())
					.outcome("REFUSED")
					.reason("USER_NOT_VERIFIED")
					.clientAddress(address)
					.severity(Severity.WARNING)
					.detail("credentialId", engineer.credentialId())
					.build());
			}
			signIn(engineer.subject(), engineer.organisation(), engineer.credentialId(), address, signIn);
			work(engineer, address, signIn);
		}
	}

	private void work(Engineer engineer, String address, Instant signedIn) {
		String target = engineer.targets().get(this.random.nextInt(engineer.targets().size()));
		String reason = String.format(engineer.reasons().get(this.random.nextInt(engineer.reasons().size())),
				1 + this.random.nextInt(40));
		work(engineer, address, signedIn, target, reason);
	}

	private void work(Engineer engineer, String address, Instant signedIn, String target, String reason) {
		String requestId = "req-" + (++this.ids);
		String grantId = "grant-" + this.ids;
		Instant submitted = signedIn.plusSeconds(60 + this.random.nextInt(120));
		this.entries.add(AuditEntry.builder(AuditAction.REQUEST_SUBMITTED, submitted)
			.actor(engineer.subject())
			.organisation(engineer.organisation())
			.clientAddress(address)
			.request(requestId)
			.target(target)
			.outcome("pending")
			.detail("level", "read")
			.detail("duration", "PT2H")
			.detail("start", "on approval")
			.detail("ticket", "CHG-" + (1000 + this.random.nextInt(9000)))
			.detail("reason", reason)
			.build());
		String approver = APPROVERS.get(this.random.nextInt(APPROVERS.size()));
		Instant approved = submitted.plusSeconds(120 + this.random.nextInt(900));
		String approverKey = "cred-" + approver;
		this.entries.add(AuditEntry.builder(AuditAction.WEBAUTHN_STEPUP_SUCCEEDED, approved.minusSeconds(5))
			.actor(approver)
			.organisation("utility")
			.outcome("SUCCEEDED")
			.clientAddress("10.20.30.11")
			.detail("credentialId", approverKey)
			.detail("signatureCount", next(approverKey))
			.detail("context", "request.approve " + requestId)
			.build());
		this.entries.add(AuditEntry.builder(AuditAction.REQUEST_APPROVAL, approved)
			.actor(approver)
			.organisation("utility")
			.clientAddress("10.20.30.11")
			.request(requestId)
			.target(target)
			.outcome("approved")
			.detail("approvals", 1)
			.detail("needed", 1)
			.detail("credential", approverKey)
			.build());
		this.entries.add(AuditEntry.builder(AuditAction.GRANT_ISSUED, approved.plusMillis(20))
			.actor(approver)
			.organisation(engineer.organisation())
			.request(requestId)
			.target(target)
			.grant(grantId)
			.outcome("issued")
			.detail("subject", engineer.subject())
			.detail("level", "read")
			.build());
		Instant at = approved.plusSeconds(30);
		int requests = 10 + this.random.nextInt(30);
		for (int i = 0; i < requests; i++) {
			at = at.plusSeconds(5 + this.random.nextInt(120));
			String path = String.format(PATHS.get(this.random.nextInt(PATHS.size())), this.random.nextInt(500));
			this.entries.add(decision(engineer, address, target, "GET", path, at).outcome("allow")
				.grant(grantId)
				.detail("forwardedPath", path)
				.build());
			this.entries.add(AuditEntry.builder(AuditAction.ACCESS_COMPLETED, at.plusMillis(40))
				.actor(engineer.subject())
				.organisation(engineer.organisation())
				.target(target)
				.grant(grantId)
				.outcome("allow")
				.clientAddress(address)
				.detail("method", "GET")
				.detail("path", path)
				.detail("status", 200)
				.build());
		}
		if (this.random.nextInt(4) == 0) {
			// A link the read level does not allow.
			this.entries.add(deny(engineer, address, target, "POST", "/api/commands/reboot", "PATH_NOT_ALLOWED", at.plusSeconds(9)));
		}
		if (this.random.nextInt(8) == 0) {
			// A typo in the target name.
			this.entries.add(deny(engineer, address, target.replace('1', 'l'), "GET", "/", "UNKNOWN_TARGET", at.plusSeconds(20)));
		}
		if (this.random.nextInt(6) == 0) {
			// A tab reloaded after the grant ended: the page and its assets.
			Instant later = approved.plus(Duration.ofHours(2)).plusSeconds(30 + this.random.nextInt(600));
			for (String path : List.of("/dashboard", "/static/app.js", "/static/app.css", "/api/events", "/favicon.ico")) {
				this.entries.add(deny(engineer, address, target, "GET", path, "NO_GRANT", later));
				later = later.plusMillis(150);
			}
		}
	}

	private void signIn(String subject, String organisation, String credential, String address, Instant at) {
		this.entries.add(AuditEntry.builder(AuditAction.WEBAUTHN_SIGNIN_SUCCEEDED, at)
			.actor(subject)
			.organisation(organisation)
			.outcome("SUCCEEDED")
			.clientAddress(address)
			.detail("credentialId", credential)
			.detail("signatureCount", next(credential))
			.detail("context", "")
			.build());
	}

	/** A placeholder: {@link #countersInTimeOrder} numbers the uses once they are in time order. */
	private long next(String credential) {
		return this.counters.merge(credential, 1L, Long::sum);
	}

	static AuditEntry.Builder decision(Engineer engineer, String address, String target, String method, String path, Instant at) {
		return AuditEntry.builder(AuditAction.ACCESS_DECISION, at)
			.actor(engineer.subject())
			.organisation(engineer.organisation())
			.target(target)
			.clientAddress(address)
			.detail("method", method)
			.detail("path", path);
	}

	private static AuditEntry deny(Engineer engineer, String address, String target, String method, String path, String reason,
			Instant at) {
		return decision(engineer, address, target, method, path, at).outcome("deny")
			.reason(reason)
			.detail("status", 403)
			.detail("detail", "generated")
			.build();
	}

	private Instant at(LocalDate date, String organisation, int fromHour, int toHour) {
		WorkingHours hours = CALENDARS.get(organisation);
		int minutes = (toHour - fromHour) * 60;
		LocalTime time = LocalTime.of(fromHour, 0).plusMinutes(this.random.nextInt(Math.max(1, minutes)));
		return ZonedDateTime.of(date, time, hours.zone()).toInstant();
	}

	private static boolean isWorkday(LocalDate date) {
		return date.getDayOfWeek() != DayOfWeek.SATURDAY && date.getDayOfWeek() != DayOfWeek.SUNDAY;
	}

	private static WorkingHours hours(String zone, int start, int end) {
		return new WorkingHours(ZoneId.of(zone), EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(start, 0),
				LocalTime.of(end, 0), Set.of());
	}

	private static Engineer engineer(String subject, String organisation, List<String> networks, List<String> targets,
			List<String> reasons) {
		return new Engineer(subject, organisation, "cred-" + subject, networks, targets, reasons);
	}

	/** The first engineer (itron, Chicago), for tests that add one odd event to an ordinary stream. */
	static Engineer ana() {
		return ENGINEERS.get(0);
	}

	static Engineer di() {
		return ENGINEERS.get(3);
	}

	/** {@code base} with {@code extra} entries mixed in by time and the whole re-chained from sequence 1. */
	public static List<AuditEvent> with(List<AuditEvent> base, List<AuditEntry> extra) {
		List<AuditEntry> entries = new ArrayList<>(base.size() + extra.size());
		base.forEach(event -> entries.add(event.entry()));
		entries.addAll(extra);
		return chain(entries, 1);
	}

	/** The sequence {@code entry} got in {@code events}. */
	public static long sequenceOf(List<AuditEvent> events, AuditEntry entry) {
		return events.stream().filter(event -> event.entry() == entry).findFirst().orElseThrow().sequence();
	}

	/** An instant on {@code day} (0 = {@link #FIRST_DAY}) at a local time in {@code zone}. */
	public static Instant local(int day, String zone, int hour, int minute) {
		return ZonedDateTime.of(FIRST_DAY.plusDays(day), LocalTime.of(hour, minute), ZoneId.of(zone)).toInstant();
	}

	/** Runs {@code detector} over {@code events} at {@code strictness} and collects what it finds. */
	public static List<Finding> run(Detector detector, List<AuditEvent> events, Strictness strictness) {
		List<Finding> findings = new ArrayList<>();
		for (AuditEvent event : events) {
			findings.addAll(detector.observe(event, strictness));
		}
		return findings;
	}

}
