package io.keygate.gateway.firmware;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.keygate.policy.firmware.FirmwareHash;

/**
 * Held uploads on disk, content-addressed by the image's SHA-256 ({@code <hash>.upload}: the body
 * exactly as received, so it is evidence and can be replayed), within a byte capacity. A second
 * upload of a held image is not stored again. Files here are never deleted by the gateway: a
 * rejected image is evidence.
 */
final class HeldImageStore {

	private static final Logger log = LoggerFactory.getLogger(HeldImageStore.class);

	private final Path directory;

	private final long capacity;

	private final AtomicLong used = new AtomicLong();

	HeldImageStore(Path directory, long capacity) {
		this.directory = Objects.requireNonNull(directory, "directory cannot be null");
		if (capacity < 1) {
			throw new IllegalArgumentException("keygate.gateway.firmware.hold-capacity must be positive");
		}
		this.capacity = capacity;
		try {
			Files.createDirectories(directory);
			try (Stream<Path> files = Files.list(directory)) {
				files.filter(Files::isRegularFile).forEach(file -> this.used.addAndGet(file.toFile().length()));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("keygate.gateway.firmware.hold-directory: cannot use " + directory, ex);
		}
	}

	Path file(FirmwareHash hash) {
		return this.directory.resolve(hash.hex() + ".upload");
	}

	/**
	 * Moves a spooled upload into the store under the image's hash.
	 *
	 * @return true when it is stored (now or before), false when the store is full
	 */
	boolean keep(FirmwareHash hash, Path spooled, long size) {
		Path target = file(hash);
		if (Files.exists(target)) {
			return true;
		}
		if (this.used.addAndGet(size) > this.capacity) {
			this.used.addAndGet(-size);
			log.error("Held-image store {} is full ({} of {} bytes): image {} is held but not kept", this.directory,
					this.used.get(), this.capacity, hash);
			return false;
		}
		try {
			try {
				Files.move(spooled, target, StandardCopyOption.ATOMIC_MOVE);
			}
			catch (java.nio.file.AtomicMoveNotSupportedException ex) {
				// Spool and store on different file systems: copy, then let the caller delete the spool.
				Files.copy(spooled, target);
			}
			return true;
		}
		catch (FileAlreadyExistsException ex) {
			this.used.addAndGet(-size);
			return true;
		}
		catch (IOException ex) {
			this.used.addAndGet(-size);
			log.error("Keeping held image {} in {} failed", hash, this.directory, ex);
			return false;
		}
	}

	long used() {
		return this.used.get();
	}

}
