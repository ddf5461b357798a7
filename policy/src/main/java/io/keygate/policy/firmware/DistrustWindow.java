package io.keygate.policy.firmware;

import java.time.Instant;
import java.util.Objects;

import io.keygate.policy.Names;

/**
 * A period during which a vendor organisation's firmware is not trusted (usually its disclosed
 * breach window). An image first seen, or allow-listed, inside it is held for a security admin.
 * Windows are only ever added: a window that was wrong is closed by a new decision on each held
 * image, never by erasing the record of why they were held.
 */
public record DistrustWindow(String id, String organisation, Instant start, Instant end, String reason, String openedBy,
		Instant openedAt) {

	public DistrustWindow {
		Names.requireToken(id, "window id");
		Names.requireToken(organisation, "organisation");
		Objects.requireNonNull(start, "start cannot be null");
		Objects.requireNonNull(end, "end cannot be null");
		if (!end.isAfter(start)) {
			throw new IllegalArgumentException("a distrust window must end after it starts");
		}
		reason = FirmwareText.require(reason, "reason", 300);
		Names.requireToken(openedBy, "openedBy");
		Objects.requireNonNull(openedAt, "openedAt cannot be null");
	}

	/** Inclusive of the start, exclusive of the end. */
	public boolean covers(String organisation, Instant instant) {
		return this.organisation.equals(organisation) && !instant.isBefore(this.start) && instant.isBefore(this.end);
	}

}
