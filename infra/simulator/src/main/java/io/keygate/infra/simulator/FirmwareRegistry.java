package io.keygate.infra.simulator;

import java.util.ArrayList;
import java.util.List;

/** The firmware images received, in arrival order. */
public final class FirmwareRegistry {

	private final List<FirmwareImage> images = new ArrayList<>();

	synchronized FirmwareImage add(FirmwareImage image) {
		this.images.add(image);
		return image;
	}

	public synchronized List<FirmwareImage> all() {
		return List.copyOf(this.images);
	}

}
