package io.keygate.infra.quickstart;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ConfigurableApplicationContext;

import io.keygate.auth.account.AccountRepository;
import io.keygate.auth.enrollment.EnrollmentProperties;
import io.keygate.auth.enrollment.InvitationService;
import io.keygate.policy.audit.Severity;
import io.keygate.policy.identity.Role;

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

	/** Who invited the demo people, in the audit chain. */
	static final String DEMO_ACTOR = "keygate-demo";

	static final String DEMO_APPROVER = "ada.approver@demo.keygate.local";

	static final String DEMO_VENDOR = "vic.vendor@demo.keygate.local";

	private static final Logger log = LoggerFactory.getLogger(DemoStart.class);

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

	/**
	 * On a fresh demo (no account yet) invites a demo approver (the utility) and a demo vendor
	 * engineer (itron), so the approver's and the vendor's views can be tried in two more browser
	 * profiles; audited HIGH like every identity nobody confirmed. Called for the demo start only.
	 *
	 * @return the lines to print (empty when the store already had accounts)
	 */
	static List<String> seedPeople(ConfigurableApplicationContext auth) {
		if (auth.getBean(AccountRepository.class).count() > 0) {
			return List.of();
		}
		InvitationService invitations = auth.getBean(InvitationService.class);
		String utility = auth.getBean(EnrollmentProperties.class).utilityOrganisation();
		List<String> lines = new ArrayList<>();
		InvitationService.Issued approver = invitations.invite(DEMO_ACTOR, DEMO_APPROVER, "Ada Approver (demo)", utility,
				Set.of(Role.APPROVER), "", Severity.HIGH);
		lines.add(" Demo approver (" + utility + "), open in a second browser profile: " + approver.link());
		InvitationService.Issued vendor = invitations.invite(DEMO_ACTOR, DEMO_VENDOR, "Vic Vendor (demo)", "itron",
				Set.of(Role.VENDOR_ENGINEER), "", Severity.HIGH);
		lines.add(" Demo vendor engineer (itron), open in a third browser profile: " + vendor.link());
		log.warn("DEMO: invited {} and {} (one-time links printed under the ready banner)", DEMO_APPROVER, DEMO_VENDOR);
		return List.copyOf(lines);
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
				 See each view: one browser profile (or window) per person, each with its own virtual authenticator
				 added as above, each opening that person's one-time link (printed above on a fresh data folder):
				   Security admin (you, the first link): People (invite, disable) %1$s/access/people,
				     Alerts %1$s/access/alerts, Catalogue and audit %1$s/access/admin
				   Vendor engineer (Vic, "Demo vendor engineer" link): My access %1$s/access/vendor. Enrolling Vic
				     submits one pending request in Vic's name (head-end, read, 1 h), so the approver has one to decide.
				   Approver (Ada, "Demo approver" link): Approvals %1$s/access/approver; approve Vic's request with
				     Ada's key, then, as Vic, open the head-end through the gateway: %2$s/ lists Vic's live access.
				""".formatted(settings.authUrl(), settings.gatewayUrl());
	}

}
