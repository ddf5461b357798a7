package io.keygate.auth.breach;

import java.time.Instant;

import io.keygate.policy.breach.BreachWindow;

/**
 * Where a breach declaration opens the firmware distrust window for the vendor's images (images
 * first seen or allow-listed inside it are held). The firmware feature implements it; until it is
 * wired, {@link RecordingFirmwareDistrustWindows} records the request and the result page says so.
 */
public interface FirmwareDistrustWindows {

	/**
	 * Opens (or widens) the window for {@code organisation}. Returns one sentence for the result
	 * page, e.g. "distrust window open" or why not.
	 */
	String open(String organisation, BreachWindow window, String declarationId, String declaredBy, Instant at);

}
