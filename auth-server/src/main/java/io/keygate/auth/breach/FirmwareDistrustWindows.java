package io.keygate.auth.breach;

import java.time.Instant;

import io.keygate.policy.breach.BreachWindow;

/**
 * Where a breach declaration opens the firmware distrust window for the vendor's images (images
 * first seen or allow-listed inside it are held). The firmware gate implements it
 * ({@code io.keygate.auth.firmware.BreachFirmwareDistrust}); the interface keeps the breach feature
 * from depending on the firmware feature's internals.
 */
public interface FirmwareDistrustWindows {

	/**
	 * Opens (or widens) the window for {@code organisation}. Returns one sentence for the result
	 * page, e.g. "distrust window open" or why not.
	 */
	String open(String organisation, BreachWindow window, String declarationId, String declaredBy, Instant at);

}
