package io.keygate.auth.access.portal;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.keygate.auth.access.portal.PortalViews.Choice;
import io.keygate.policy.catalog.AccessLevel;
import io.keygate.policy.catalog.Target;

/**
 * The request form's "target/level" list, least privileged level of each target first, so that
 * a form sent without a second look asks for the least (the list used to sort by name, which put
 * {@code firmware} first). The catalogue has no explicit rank, so privilege is estimated: the
 * number of methods that change state, then the number of rules, then the name.
 */
final class RequestChoices {

	private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

	private static final Comparator<AccessLevel> LEAST_FIRST = Comparator
		.comparingLong((AccessLevel level) -> level.rules()
			.stream()
			.flatMap(rule -> rule.methods().stream())
			.map(m -> m.toUpperCase(Locale.ROOT))
			.filter(m -> !SAFE.contains(m))
			.distinct()
			.count())
		.thenComparingInt(level -> level.rules().size())
		.thenComparing(AccessLevel::name);

	private RequestChoices() {
	}

	static List<Choice> of(List<Target> targets) {
		return targets.stream()
			.flatMap(t -> t.levels().values().stream().sorted(LEAST_FIRST).map(level -> new Choice(t.id() + "/" + level.name(),
					t.name() + " — " + level.name() + " (" + t.tier() + ", at most " + PortalViews.human(t.maxGrant()) + ")")))
			.toList();
	}

	/**
	 * The choice the form preselects: what was just typed (after a refusal), else the least
	 * privileged level of the target the person came for (the gateway's refusal links here with
	 * {@code ?target=}), else the first, least privileged entry.
	 */
	static String preselected(List<Choice> choices, String previous, String target) {
		if (previous != null && choices.stream().anyMatch(c -> c.value().equals(previous))) {
			return previous;
		}
		if (target != null) {
			for (Choice choice : choices) {
				if (choice.value().startsWith(target + "/")) {
					return choice.value();
				}
			}
		}
		return choices.isEmpty() ? "" : choices.get(0).value();
	}

}
