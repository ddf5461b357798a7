package io.keygate.infra.quickstart;

/**
 * The quickstart's fixed loopback ports. The simulators' ports are also written in
 * {@code keygate/quickstart-targets.yml} (a test keeps the two in step).
 */
public final class QuickstartPorts {

	public static final int AUTH_SERVER = 9000;

	public static final int GATEWAY = 8080;

	public static final int HEAD_END = 9100;

	public static final int MDM = 9200;

	public static final int DECOY = 9300;

	private QuickstartPorts() {
	}

}
