package io.keygate.infra.quickstart;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the quickstart keeps its data and which loopback ports it takes. Port 0 means a free
 * port (tests); the defaults are {@link QuickstartPorts}.
 */
public record QuickstartSettings(Path dataDir, int authPort, int gatewayPort, int headEndPort, int mdmPort, int decoyPort) {

	public QuickstartSettings {
		Objects.requireNonNull(dataDir, "dataDir cannot be null");
		for (int port : new int[] { authPort, gatewayPort, headEndPort, mdmPort, decoyPort }) {
			if (port < 0 || port > 65_535) {
				throw new IllegalArgumentException("not a port: " + port);
			}
		}
		if (authPort == 0 || gatewayPort == 0) {
			// Their URLs are written into each other's configuration (issuer, portal link) before they start.
			throw new IllegalArgumentException("the auth server and gateway ports must be fixed (not 0)");
		}
	}

	public static QuickstartSettings defaults(Path dataDir) {
		return new QuickstartSettings(dataDir, QuickstartPorts.AUTH_SERVER, QuickstartPorts.GATEWAY, QuickstartPorts.HEAD_END,
				QuickstartPorts.MDM, QuickstartPorts.DECOY);
	}

	public String authUrl() {
		return "http://localhost:" + this.authPort;
	}

	public String gatewayUrl() {
		return "http://localhost:" + this.gatewayPort;
	}

}
