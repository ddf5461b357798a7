package io.keygate.gateway.firmware;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

import io.keygate.policy.firmware.FirmwareHash;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Writes an upload's body to a temporary file while hashing it, so that the verdict comes before a
 * single byte reaches the upstream and the image is never held in memory: the file channel asks
 * for one buffer at a time, so the gateway holds at most one network buffer of it. The file is
 * bounded by the target's size limit, checked on every buffer, not by {@code Content-Length}
 * alone (a chunked body has none, and a client may lie).
 */
final class UploadSpool {

	private static final Logger log = LoggerFactory.getLogger(UploadSpool.class);

	/** A body on disk with what the inspection found in it. The caller deletes {@code file}. */
	record Spooled(Path file, long size, List<FirmwareHash> images, List<String> fieldNames) {
	}

	/** The body is larger than the target accepts. */
	static final class TooLargeException extends RuntimeException {

		TooLargeException(String message) {
			super(message, null, false, false);
		}

	}

	/** The body is not what its content type says. */
	static final class MalformedException extends RuntimeException {

		MalformedException(String message) {
			super(message, null, false, false);
		}

	}

	private final Path directory;

	UploadSpool(Path directory) {
		this.directory = Objects.requireNonNull(directory, "directory cannot be null");
		try {
			Files.createDirectories(directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("keygate.gateway.firmware.spool-directory: cannot create " + directory, ex);
		}
	}

	Path directory() {
		return this.directory;
	}

	/**
	 * @param digests how to find the images in this body
	 * @param maxBytes the target's limit on the whole body
	 */
	Mono<Spooled> spool(Flux<DataBuffer> body, ImageDigests digests, long maxBytes) {
		return Mono.usingWhen(Mono.fromCallable(this::newFile), file -> write(body, file, digests, maxBytes),
				file -> Mono.empty(), (file, error) -> delete(file), file -> delete(file));
	}

	private Path newFile() throws IOException {
		Path file = Files.createTempFile(this.directory, "upload-", ".part");
		try {
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		}
		catch (UnsupportedOperationException ex) {
			// Not a POSIX file system: the directory's own permissions protect it.
		}
		return file;
	}

	private Mono<Spooled> write(Flux<DataBuffer> body, Path file, ImageDigests digests, long maxBytes) {
		AtomicLong size = new AtomicLong();
		Flux<DataBuffer> inspected = body.doOnNext(buffer -> {
			long total = size.addAndGet(buffer.readableByteCount());
			if (total > maxBytes) {
				DataBufferUtils.release(buffer);
				throw new TooLargeException("upload exceeds " + maxBytes + " bytes");
			}
			try (DataBuffer.ByteBufferIterator iterator = buffer.readableByteBuffers()) {
				while (iterator.hasNext()) {
					ByteBuffer bytes = iterator.next();
					digests.update(bytes);
				}
			}
			catch (ImageDigests.MalformedUploadException ex) {
				DataBufferUtils.release(buffer);
				throw new MalformedException(ex.getMessage());
			}
		});
		return Mono.using(() -> AsynchronousFileChannel.open(file, StandardOpenOption.WRITE),
				channel -> DataBufferUtils.write(inspected, channel).doOnNext(DataBufferUtils::release).then(Mono.fromCallable(() -> {
					try {
						return new Spooled(file, size.get(), digests.finish(), digests.fieldNames());
					}
					catch (ImageDigests.MalformedUploadException ex) {
						throw new MalformedException(ex.getMessage());
					}
				})), channel -> {
					try {
						channel.close();
					}
					catch (IOException ex) {
						log.warn("Closing spool file {} failed", file, ex);
					}
				});
	}

	/** Deletes a spool file; it is used once, whatever the verdict. */
	static Mono<Void> delete(Path file) {
		return Mono.fromRunnable(() -> {
			try {
				Files.deleteIfExists(file);
			}
			catch (IOException ex) {
				log.warn("Deleting spool file {} failed", file, ex);
			}
		});
	}

}
