package io.keygate.policy.detection;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditEvent;
import io.keygate.policy.audit.Severity;

/**
 * T1021: access to a target outside the usual targets of the reason it was requested for. The
 * gateway already confines a grant to its one target, so "outside" cannot mean a request beyond
 * the grant; it means a grant whose target does not fit the stated work. An intruder with a
 * vendor account asks for what they want with the reason the vendor always gives ("meter
 * firmware rollout" for a SCADA historian).
 * <p>
 * What the chain has: {@code request.submitted} carries the requester's organisation, the
 * target, the reason and the ticket; {@code grant.issued}/{@code grant.scheduled} link the
 * request to its grant; {@code access.decision} allows name the grant. So the detector learns,
 * per organisation, which targets each reason word (and ticket project key) was requested for.
 * A request whose established words (seen in at least {@code minSamples} earlier requests) all
 * point elsewhere is marked; the finding is raised when its grant is first used — an approver
 * who turned the request down needs no alert, one who let it through does. Words with no history
 * say nothing: new vocabulary is learnt, not alerted on.
 */
public final class UnusualReasonTargetDetector implements Detector, DetectorHistory {

	public static final String ID = "reason-unusual-target";

	static final int MAX_ORGANISATIONS = 2_000;

	static final int MAX_WORDS_PER_ORGANISATION = 512;

	static final int MAX_TARGETS_PER_WORD = 64;

	static final int MAX_MARKED = 10_000;

	private static final String SUBMITTED = AuditAction.REQUEST_SUBMITTED.action();

	private static final Set<String> GRANTED = Set.of(AuditAction.GRANT_ISSUED.action(), AuditAction.GRANT_SCHEDULED.action());

	private static final String DECISION = AuditAction.ACCESS_DECISION.action();

	/** How often each word was given, and for which targets. */
	private static final class WordProfile {

		int samples;

		final Map<String, Integer> targets = new BoundedMap<>(MAX_TARGETS_PER_WORD);

	}

	/** A request whose target did not fit its reason, under each strictness. */
	private record Marked(String requester, String organisation, String targetId, String reason, Set<String> usual,
			boolean unusualNormally, boolean unusualStrictly, long sequence) {
	}

	private final ReasonTargetThresholds normal;

	private final ReasonTargetThresholds strict;

	private final Map<String, Map<String, WordProfile>> profiles = new BoundedMap<>(MAX_ORGANISATIONS);

	private final Map<String, Marked> markedRequests = new BoundedMap<>(MAX_MARKED);

	private final Map<String, Marked> markedGrants = new BoundedMap<>(MAX_MARKED);

	public UnusualReasonTargetDetector(ReasonTargetThresholds normal, ReasonTargetThresholds strict) {
		this.normal = Objects.requireNonNull(normal, "normal cannot be null");
		this.strict = Objects.requireNonNull(strict, "strict cannot be null");
	}

	@Override
	public String id() {
		return ID;
	}

	@Override
	public Duration lookback() {
		return this.normal.memory().compareTo(this.strict.memory()) >= 0 ? this.normal.memory() : this.strict.memory();
	}

	@Override
	public Set<String> actions() {
		return Set.of(SUBMITTED, AuditAction.GRANT_ISSUED.action(), AuditAction.GRANT_SCHEDULED.action(), DECISION);
	}

	@Override
	public List<Finding> observe(AuditEvent event, Strictness strictness) {
		AuditEntry entry = event.entry();
		if (SUBMITTED.equals(entry.action())) {
			submitted(event);
		}
		else if (GRANTED.contains(entry.action())) {
			Marked marked = this.markedRequests.remove(entry.requestId());
			if (marked != null && !entry.grantId().isEmpty()) {
				this.markedGrants.put(entry.grantId(), marked);
			}
		}
		else if (DECISION.equals(entry.action()) && "allow".equals(entry.outcome()) && !entry.grantId().isEmpty()) {
			Marked marked = this.markedGrants.remove(entry.grantId());
			if (marked != null && (strictness == Strictness.STRICT ? marked.unusualStrictly() : marked.unusualNormally())) {
				String quoted = marked.reason().length() <= 60 ? marked.reason() : marked.reason().substring(0, 60) + "…";
				String explanation = marked.requester() + " is using " + marked.targetId() + " on a request whose reason (\""
						+ quoted + "\") " + marked.organisation() + " has so far given only for "
						+ String.join(", ", marked.usual()) + ".";
				return List.of(new Finding(ID, Severity.WARNING, "T1021", explanation, marked.requester(), marked.organisation(),
						marked.targetId(), List.of(marked.sequence(), event.sequence()), entry.at(), ID + "|" + entry.grantId()));
			}
		}
		return List.of();
	}

	private void submitted(AuditEvent event) {
		AuditEntry entry = event.entry();
		if (entry.organisation().isEmpty() || entry.targetId().isEmpty() || entry.requestId().isEmpty()) {
			return;
		}
		String reason = entry.details().getOrDefault("reason", "");
		Set<String> words = ReasonWords.of(reason, entry.details().getOrDefault("ticket", ""));
		Map<String, WordProfile> profile = this.profiles.computeIfAbsent(entry.organisation(),
				org -> new BoundedMap<>(MAX_WORDS_PER_ORGANISATION));
		boolean unusualNormally = unusual(profile, words, entry.targetId(), this.normal.minSamples());
		boolean unusualStrictly = unusual(profile, words, entry.targetId(), this.strict.minSamples());
		if (unusualNormally || unusualStrictly) {
			this.markedRequests.put(entry.requestId(), new Marked(entry.actor(), entry.organisation(), entry.targetId(), reason,
					usualTargets(profile, words, Math.min(this.normal.minSamples(), this.strict.minSamples())),
					unusualNormally, unusualStrictly, event.sequence()));
		}
		for (String word : words) {
			WordProfile learnt = profile.computeIfAbsent(word, w -> new WordProfile());
			learnt.samples++;
			learnt.targets.merge(entry.targetId(), 1, Integer::sum);
		}
	}

	/** True when at least one reason word is established and none of the established words was given for this target. */
	private static boolean unusual(Map<String, WordProfile> profile, Set<String> words, String targetId, int minSamples) {
		boolean established = false;
		for (String word : words) {
			WordProfile learnt = profile.get(word);
			if (learnt == null || learnt.samples < minSamples) {
				continue;
			}
			// A ticket project key alone ("CHG", used for every change) is too coarse to call a target
			// unusual; it counts as evidence that a target is usual.
			established |= !word.startsWith("ticket:");
			if (learnt.targets.containsKey(targetId)) {
				return false;
			}
		}
		return established;
	}

	private static Set<String> usualTargets(Map<String, WordProfile> profile, Set<String> words, int minSamples) {
		Set<String> usual = new TreeSet<>();
		for (String word : words) {
			WordProfile learnt = profile.get(word);
			if (learnt != null && learnt.samples >= minSamples) {
				usual.addAll(learnt.targets.keySet());
			}
		}
		return usual.size() <= 8 ? usual : new TreeSet<>(List.copyOf(usual).subList(0, 8));
	}

}
