package io.keygate.infra.quickstart;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where the quickstart keeps its data and which loopback ports it takes. Port 0 means a free
 * port (tests); the defaults are {@link QuickstartPorts}.
 */
public record QuickstartSettings(Path dataDir, int authPort, int gatewayPort, int headEndPort, int mdmPort, int decoyPort,
		Map<String, String> authProperties, Map<String, String> gatewayProperties) {

	public QuickstartSettings {
		Objects.requireNonNull(dataDir, "dataDir cannot be null");
		authProperties = Map.copyOf(authProperties);
		gatewayProperties = Map.copyOf(gatewayProperties);
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

	public QuickstartSettings(Path dataDir, int authPort, int gatewayPort, int headEndPort, int mdmPort, int decoyPort) {
		this(dataDir, authPort, gatewayPort, headEndPort, mdmPort, decoyPort, Map.of(), Map.of());
	}

	/** The demo start: loopback only, Chromium's virtual authenticator trusted, a red banner everywhere. */
	public static final String DEMO_FLAG = "--demo";

	public static QuickstartSettings defaults(Path dataDir) {
		return new QuickstartSettings(dataDir, QuickstartPorts.AUTH_SERVER, QuickstartPorts.GATEWAY, QuickstartPorts.HEAD_END,
				QuickstartPorts.MDM, QuickstartPorts.DECOY);
	}

	/**
	 * Reads {@code --auth.<property>=value} and {@code --gateway.<property>=value} arguments as
	 * extra settings of that application, e.g.
	 * {@code --auth.keygate.webauthn.trust.roots-directory=/etc/keygate/attestation-roots}.
	 */
	public QuickstartSettings withArguments(String... args) {
		Map<String, String> auth = new LinkedHashMap<>(this.authProperties);
		Map<String, String> gateway = new LinkedHashMap<>(this.gatewayProperties);
		for (String arg : args) {
			int equals = arg.indexOf('=');
			if (DEMO_FLAG.equals(arg)) {
				auth.putAll(DemoStart.authProperties());
				gateway.putAll(DemoStart.gatewayProperties());
			}
			else if (arg.startsWith("--auth.") && equals > 0) {
				auth.put(arg.substring("--auth.".length(), equals), arg.substring(equals + 1));
			}
			else if (arg.startsWith("--gateway.") && equals > 0) {
				gateway.put(arg.substring("--gateway.".length(), equals), arg.substring(equals + 1));
			}
		}
		return new QuickstartSettings(this.dataDir, this.authPort, this.gatewayPort, this.headEndPort, this.mdmPort, this.decoyPort,
				auth, gateway);
	}

	/** Whether this is the demo start ({@value #DEMO_FLAG}); never true unless the flag was given. */
	public boolean demo() {
		return "true".equals(this.authProperties.get(DemoStart.DEMO_PROPERTY));
	}

	public String authUrl() {
		return "http://localhost:" + this.authPort;
	}

	public String gatewayUrl() {
		return "http://localhost:" + this.gatewayPort;
	}

}
