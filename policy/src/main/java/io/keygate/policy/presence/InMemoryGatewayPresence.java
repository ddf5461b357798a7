package io.keygate.policy.presence;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** Gateway presence for the embedded mode, where the one gateway runs in the same process. */
public final class InMemoryGatewayPresence implements GatewayPresence {

	private final Map<String, GatewayInstance> instances = new ConcurrentHashMap<>();

	@Override
	public void heartbeat(GatewayInstance instance) {
		Objects.requireNonNull(instance, "instance cannot be null");
		this.instances.put(instance.id(), instance);
	}

	@Override
	public List<GatewayInstance> instances() {
		return this.instances.values().stream().sorted(Comparator.comparing(GatewayInstance::id)).toList();
	}

}
