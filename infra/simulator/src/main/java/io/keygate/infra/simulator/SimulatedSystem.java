package io.keygate.infra.simulator;

/**
 * Which OT system a simulator instance plays. The pages and the event stream read differently so
 * that a person (or a browser test) can tell at a glance which target the gateway forwarded to.
 */
public enum SimulatedSystem {

	HEAD_END("AMI head-end console"),

	MDM("Meter data management"),

	/** Plays a system that exists only to be noticed: nothing should ever reach it through the gateway. */
	DECOY("Substation historian");

	private final String title;

	SimulatedSystem(String title) {
		this.title = title;
	}

	public String title() {
		return this.title;
	}

}
