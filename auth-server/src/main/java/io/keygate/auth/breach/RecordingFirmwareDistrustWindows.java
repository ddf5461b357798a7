package io.keygate.auth.breach;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.keygate.policy.breach.BreachWindow;

/**
 * Stand-in until the firmware gate provides its distrust windows: keeps what was asked (so nothing
 * is lost in between and a test can see it) and says plainly on the result page that no firmware
 * is held yet.
 */
public final class RecordingFirmwareDistrustWindows implements FirmwareDistrustWindows {

	private static final Logger log = LoggerFactory.getLogger(RecordingFirmwareDistrustWindows.class);

	/** One request to open a window. */
	public record Opened(String organisation, BreachWindow window, String declarationId, String declaredBy, Instant at) {
	}

	private final List<Opened> opened = new CopyOnWriteArrayList<>();

	@Override
	public String open(String organisation, BreachWindow window, String declarationId, String declaredBy, Instant at) {
		this.opened.add(new Opened(organisation, window, declarationId, declaredBy, at));
		log.warn("Firmware distrust window for {} ({} - {}) recorded for declaration {}, but no firmware gate is wired to hold images",
				organisation, window.from(), window.to(), declarationId);
		return "recorded only: no firmware gate is wired in this installation";
	}

	public List<Opened> opened() {
		return List.copyOf(this.opened);
	}

}
