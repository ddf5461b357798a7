package io.keygate.policy.catalog;

import java.util.List;
import java.util.Objects;

import io.keygate.policy.Names;

/**
 * A named set of allow rules on a target, e.g. {@code read} (GET/HEAD anywhere) or
 * {@code operate} (read plus POST under {@code /api/commands/**}). Anything no rule allows is denied.
 */
public record AccessLevel(String name, List<AccessRule> rules) {

	public AccessLevel {
		Names.requireToken(name, "access level name");
		Objects.requireNonNull(rules, "rules cannot be null");
		rules = List.copyOf(rules);
		if (rules.isEmpty()) {
			throw new IllegalArgumentException("access level '" + name + "' has no rules");
		}
	}

	public static AccessLevel of(String name, AccessRule... rules) {
		return new AccessLevel(name, List.of(rules));
	}

	public boolean allowsMethodAnywhere(String method) {
		return this.rules.stream().anyMatch(rule -> rule.allowsMethod(method));
	}

	public boolean allows(String method, String normalisedPath) {
		return this.rules.stream().anyMatch(rule -> rule.allows(method, normalisedPath));
	}

	/** Whether some rule allowing this request also lets it carry a body. */
	public boolean admitsBody(String method, String normalisedPath) {
		return this.rules.stream().anyMatch(rule -> rule.allows(method, normalisedPath) && rule.admitsBody(method));
	}

	/** The widest WebSocket mode of the GET rules matching the path; {@code NONE} when no rule admits one. */
	public WebSocketMode webSocket(String normalisedPath) {
		WebSocketMode widest = WebSocketMode.NONE;
		for (AccessRule rule : this.rules) {
			if (rule.allows("GET", normalisedPath) && rule.webSocket().compareTo(widest) > 0) {
				widest = rule.webSocket();
			}
		}
		return widest;
	}

}
