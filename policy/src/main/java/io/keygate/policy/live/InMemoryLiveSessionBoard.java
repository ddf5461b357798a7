package io.keygate.policy.live;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The live-session board of the embedded mode, where the one gateway runs in the same process. */
public final class InMemoryLiveSessionBoard implements LiveSessionBoard {

	/** Terminations kept per gateway for {@link #pendingTerminations}: enough for any burst between heartbeats. */
	static final int KEPT_TERMINATIONS = 1024;

	private record Listener(String gatewayInstance, Consumer<SessionTermination> consumer) {
	}

	private final Map<String, List<LiveSessionReport>> byGateway = new ConcurrentHashMap<>();

	private final Map<String, List<SessionTermination>> terminations = new ConcurrentHashMap<>();

	private final List<Listener> listeners = new CopyOnWriteArrayList<>();

	@Override
	public void report(String gatewayInstance, List<LiveSessionReport> sessions) {
		Objects.requireNonNull(gatewayInstance, "gatewayInstance cannot be null");
		for (LiveSessionReport session : sessions) {
			if (!session.gatewayInstance().equals(gatewayInstance)) {
				throw new IllegalArgumentException("gateway " + gatewayInstance + " reported a session of "
						+ session.gatewayInstance() + " (this is a bug)");
			}
		}
		this.byGateway.put(gatewayInstance, List.copyOf(sessions));
	}

	@Override
	public List<LiveSessionReport> sessions() {
		List<LiveSessionReport> all = new ArrayList<>();
		this.byGateway.values().forEach(all::addAll);
		all.sort(Comparator.comparing(LiveSessionReport::started).thenComparing(LiveSessionReport::id));
		return List.copyOf(all);
	}

	@Override
	public void terminate(SessionTermination termination) {
		Objects.requireNonNull(termination, "termination cannot be null");
		List<SessionTermination> kept = this.terminations.computeIfAbsent(termination.gatewayInstance(),
				id -> new CopyOnWriteArrayList<>());
		kept.add(termination);
		while (kept.size() > KEPT_TERMINATIONS) {
			kept.remove(0);
		}
		for (Listener listener : this.listeners) {
			if (listener.gatewayInstance().equals(termination.gatewayInstance())) {
				listener.consumer().accept(termination);
			}
		}
	}

	@Override
	public List<SessionTermination> pendingTerminations(String gatewayInstance) {
		return List.copyOf(this.terminations.getOrDefault(gatewayInstance, List.of()));
	}

	@Override
	public AutoCloseable onTermination(String gatewayInstance, Consumer<SessionTermination> listener) {
		Listener registered = new Listener(Objects.requireNonNull(gatewayInstance, "gatewayInstance cannot be null"),
				Objects.requireNonNull(listener, "listener cannot be null"));
		this.listeners.add(registered);
		return () -> this.listeners.remove(registered);
	}

}
