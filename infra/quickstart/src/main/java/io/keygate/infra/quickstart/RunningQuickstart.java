package io.keygate.infra.quickstart;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.springframework.context.ConfigurableApplicationContext;

import io.keygate.infra.simulator.RunningSimulator;

/** The started quickstart: its contexts, for the banner and for tests. Closing stops everything. */
public final class RunningQuickstart implements AutoCloseable {

	private final QuickstartSettings settings;

	private final ConfigurableApplicationContext parent;

	private final ConfigurableApplicationContext auth;

	private final ConfigurableApplicationContext gateway;

	private final RunningSimulator headEnd;

	private final RunningSimulator mdm;

	private final RunningSimulator decoy;

	private final Duration startup;

	RunningQuickstart(QuickstartSettings settings, ConfigurableApplicationContext parent, ConfigurableApplicationContext auth,
			ConfigurableApplicationContext gateway, RunningSimulator headEnd, RunningSimulator mdm, RunningSimulator decoy,
			Duration startup) {
		this.settings = settings;
		this.parent = parent;
		this.auth = auth;
		this.gateway = gateway;
		this.headEnd = headEnd;
		this.mdm = mdm;
		this.decoy = decoy;
		this.startup = startup;
	}

	public QuickstartSettings settings() {
		return this.settings;
	}

	public ConfigurableApplicationContext parent() {
		return this.parent;
	}

	public ConfigurableApplicationContext auth() {
		return this.auth;
	}

	public ConfigurableApplicationContext gateway() {
		return this.gateway;
	}

	public RunningSimulator headEnd() {
		return this.headEnd;
	}

	public RunningSimulator mdm() {
		return this.mdm;
	}

	public RunningSimulator decoy() {
		return this.decoy;
	}

	public Duration startup() {
		return this.startup;
	}

	/**
	 * The first security admin's one-time enrollment link, when the auth server made one in this
	 * start (an empty store). Read from the auth server's {@code firstAdminBootstrap} bean through
	 * a {@code lastIssuedLink()} method returning {@code Optional<String>}, when it has one: looked
	 * up by name so that the quickstart does not break while that API is settled.
	 */
	public Optional<String> firstAdminLink() {
		if (!this.auth.containsLocalBean(Quickstart.FIRST_ADMIN_BEAN)) {
			return Optional.empty();
		}
		Object bootstrap = this.auth.getBean(Quickstart.FIRST_ADMIN_BEAN);
		try {
			Object link = bootstrap.getClass().getMethod("lastIssuedLink").invoke(bootstrap);
			return link instanceof Optional<?> optional ? optional.map(String::valueOf) : Optional.ofNullable(link).map(String::valueOf);
		}
		catch (ReflectiveOperationException ex) {
			return Optional.empty();
		}
	}

	/** Whether the auth server has a first-admin bootstrap (which prints its link itself). */
	boolean hasFirstAdminBootstrap() {
		return this.auth.containsLocalBean(Quickstart.FIRST_ADMIN_BEAN);
	}

	@Override
	public void close() {
		// Children first: the gateway stops taking requests before the shared store goes away.
		for (AutoCloseable closeable : List.<AutoCloseable>of(this.gateway::close, this.auth::close, this.headEnd, this.mdm,
				this.decoy, this.parent::close)) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				// Keep closing the rest: a half-stopped quickstart holds ports.
			}
		}
	}

}
