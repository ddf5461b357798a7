package io.keygate.auth.firmware;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.keygate.auth.breach.FirmwareDistrustWindows;
import io.keygate.auth.web.RefusedException;
import io.keygate.policy.breach.BreachWindow;
import io.keygate.policy.firmware.DistrustWindow;

/**
 * The firmware gate's side of a breach declaration: the declared window becomes a distrust window
 * of the organisation, so that its images first seen or listed inside it are held at every gateway.
 * A window that cannot be opened does not undo the declaration (the organisation is already cut
 * off, which matters more); the result page says so in red and the admin opens it on the firmware
 * page.
 */
@Component
class BreachFirmwareDistrust implements FirmwareDistrustWindows {

	private static final Logger log = LoggerFactory.getLogger(BreachFirmwareDistrust.class);

	private final FirmwareDistrust distrust;

	BreachFirmwareDistrust(FirmwareDistrust distrust) {
		this.distrust = distrust;
	}

	@Override
	public String open(String organisation, BreachWindow window, String declarationId, String declaredBy, Instant at) {
		try {
			DistrustWindow opened = this.distrust.open(organisation, window.from(), window.to(), "breach " + declarationId,
					declaredBy);
			return "distrust window " + opened.id() + " open: images of " + organisation + " first seen or listed "
					+ "in the window are held";
		}
		catch (RefusedException ex) {
			log.error("Breach {}: the firmware distrust window for {} could not be opened: {}", declarationId, organisation,
					ex.getMessage());
			return "NOT opened (" + ex.refusal().code() + "): open it on the firmware page";
		}
	}

}
