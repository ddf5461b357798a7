package io.keygate.policy.firmware;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/** The embedded mode's register: one instance in the parent context, shared by auth server and gateway. */
public final class InMemoryFirmwareRegister implements FirmwareRegister {

	private final Map<FirmwareHash, AllowListEntry> allowList = new ConcurrentHashMap<>();

	private final List<DistrustWindow> windows = new CopyOnWriteArrayList<>();

	private final Map<FirmwareHash, Instant> firstSeen = new ConcurrentHashMap<>();

	private final Map<FirmwareHash, HeldImage> held = new ConcurrentHashMap<>();

	@Override
	public Optional<AllowListEntry> allowListed(FirmwareHash hash) {
		return Optional.ofNullable(this.allowList.get(hash));
	}

	@Override
	public List<AllowListEntry> allowList() {
		List<AllowListEntry> entries = new ArrayList<>(this.allowList.values());
		entries.sort(Comparator.comparing(AllowListEntry::addedAt).reversed());
		return entries;
	}

	@Override
	public boolean allow(AllowListEntry entry) {
		return this.allowList.putIfAbsent(entry.hash(), entry) == null;
	}

	@Override
	public List<DistrustWindow> windows() {
		return List.copyOf(this.windows);
	}

	@Override
	public void openWindow(DistrustWindow window) {
		this.windows.add(window);
	}

	@Override
	public Instant firstSeen(FirmwareHash hash, Instant now) {
		return this.firstSeen.computeIfAbsent(hash, key -> now);
	}

	@Override
	public Optional<HeldImage> held(FirmwareHash hash) {
		return Optional.ofNullable(this.held.get(hash));
	}

	@Override
	public List<HeldImage> held() {
		List<HeldImage> images = new ArrayList<>(this.held.values());
		images.sort(Comparator.comparing(HeldImage::heldAt).reversed());
		return images;
	}

	@Override
	public boolean hold(HeldImage image) {
		return this.held.putIfAbsent(image.hash(), image) == null;
	}

	@Override
	public Optional<HeldImage> decide(FirmwareHash hash, HeldImage.State decision, String by, Instant at) {
		AtomicReference<HeldImage> decided = new AtomicReference<>();
		this.held.computeIfPresent(hash, (key, image) -> {
			if (image.state() != HeldImage.State.HELD) {
				return image;
			}
			HeldImage next = image.decide(decision, by, at);
			decided.set(next);
			return next;
		});
		return Optional.ofNullable(decided.get());
	}

}
