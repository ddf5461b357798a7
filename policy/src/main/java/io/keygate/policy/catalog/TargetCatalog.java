package io.keygate.policy.catalog;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The targets this installation knows, read once at start-up. Both applications load the same
 * catalogue; a duplicate id stops start-up naming the entry.
 */
public final class TargetCatalog {

	private final Map<String, Target> byId;

	private TargetCatalog(Map<String, Target> byId) {
		this.byId = byId;
	}

	public static TargetCatalog of(Collection<Target> targets) {
		Map<String, Target> byId = new LinkedHashMap<>();
		for (Target target : targets) {
			if (byId.put(target.id(), target) != null) {
				throw new IllegalArgumentException("target catalogue defines target '" + target.id() + "' twice");
			}
		}
		return new TargetCatalog(java.util.Collections.unmodifiableMap(byId));
	}

	public static TargetCatalog of(Target... targets) {
		return of(List.of(targets));
	}

	public Optional<Target> find(String targetId) {
		return Optional.ofNullable(targetId == null ? null : this.byId.get(targetId));
	}

	public List<Target> all() {
		return List.copyOf(this.byId.values());
	}

	/** The targets a vendor may ask for: everything but decoys. */
	public List<Target> requestable() {
		return this.byId.values().stream().filter(target -> !target.decoy()).toList();
	}

}
