package io.keygate.infra.quickstart;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The demo start ({@code --demo}): a way to look around Keygate without a hardware key. It trusts
 * Chromium's virtual authenticator, whose attestation key is public, so everything about it is
 * fenced: both servers bind to the loopback address only, the development switch's own guard
 * (loopback origins, embedded store) still applies, and every page of the portal and of the
 * gateway carries a red "DEMO — not secure" banner. Nothing of it is on without the flag.
 */
final class DemoStart {

	static final String DEMO_PROPERTY = "keygate.demo";

	static final String LOOPBACK = "127.0.0.1";

	private DemoStart() {
	}

	static Map<String, String> authProperties() {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put(DEMO_PROPERTY, "true");
		properties.put("server.address", LOOPBACK);
		properties.put("keygate.webauthn.allow-chromium-virtual-authenticator", "true");
		return properties;
	}

	static Map<String, String> gatewayProperties() {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put(DEMO_PROPERTY, "true");
		properties.put("server.address", LOOPBACK);
		return properties;
	}

	static String instructions(QuickstartSettings settings) {
		return """
				 ############################################################################
				 #  DEMO — NOT SECURE. Chromium's virtual authenticator is trusted as if it  #
				 #  were a hardware key, and anybody can run it. Loopback only; never use    #
				 #  this start for real people, keys or systems.                             #
				 ############################################################################
				 Enroll and sign in without a hardware key, in Chrome or Chromium:
				   1. Open DevTools (F12, or Ctrl+Shift+I / Cmd+Option+I) on %1$s
				   2. Menu (three dots) > More tools > WebAuthn, then tick "Enable virtual authenticator environment".
				   3. "New authenticator": Protocol ctap2, Transport internal, tick "Supports resident keys"
				      and "Supports user verification", then "Add". Keep DevTools open while you use Keygate.
				   4. Open the one-time enrollment link above in that tab and press "Register my security key".
				      The virtual authenticator answers for you (its PIN check always succeeds).
				   5. Sign in later at %1$s/login with the same tab (the virtual authenticator lives only while
				      DevTools for that tab stays open; without it, start over with a fresh data folder).
				""".formatted(settings.authUrl());
	}

}
