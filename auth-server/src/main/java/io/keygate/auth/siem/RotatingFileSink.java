package io.keygate.auth.siem;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.keygate.policy.audit.AuditEvent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ECS lines appended to a file that rotates by size: {@code name} is written, {@code name.1} is
 * the previous file, up to {@code name.<maxFiles-1>}; the oldest is deleted. Each batch is forced
 * to disk before the cursor moves. At start the last complete line says where the file ends, and
 * a line cut by a crash is removed, so a restart neither repeats nor skips an event.
 */
final class RotatingFileSink implements SiemSink {

	private static final Logger log = LoggerFactory.getLogger(RotatingFileSink.class);

	private static final Pattern SEQUENCE = Pattern.compile("\"event\\.sequence\":(\\d+)");

	private final Path file;

	private final long maxBytes;

	private final int maxFiles;

	private FileChannel channel;

	RotatingFileSink(Path file, long maxBytes, int maxFiles) throws IOException {
		if (maxBytes < 1024 || maxFiles < 1) {
			throw new IllegalArgumentException("keygate.siem.file: max-bytes must be at least 1024 and max-files at least 1");
		}
		this.file = file.toAbsolutePath();
		this.maxBytes = maxBytes;
		this.maxFiles = maxFiles;
		Files.createDirectories(this.file.getParent());
	}

	@Override
	public String name() {
		return "file";
	}

	@Override
	public synchronized long deliveredThrough() throws IOException {
		long last = lastSequence(this.file, true);
		return last > 0 || this.maxFiles < 2 ? last : lastSequence(rotated(1), false);
	}

	@Override
	public synchronized int accept(List<AuditEvent> events, List<String> lines) throws IOException {
		if (this.channel == null) {
			this.channel = open();
		}
		for (String line : lines) {
			byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
			if (this.channel.size() > 0 && this.channel.size() + bytes.length > this.maxBytes) {
				this.channel.force(true);
				rotate();
			}
			ByteBuffer buffer = ByteBuffer.wrap(bytes);
			while (buffer.hasRemaining()) {
				this.channel.write(buffer);
			}
		}
		this.channel.force(true);
		return lines.size();
	}

	private void rotate() throws IOException {
		this.channel.close();
		if (this.maxFiles == 1) {
			Files.delete(this.file);
		}
		else {
			Files.deleteIfExists(rotated(this.maxFiles - 1));
			for (int i = this.maxFiles - 2; i >= 1; i--) {
				if (Files.exists(rotated(i))) {
					Files.move(rotated(i), rotated(i + 1), StandardCopyOption.ATOMIC_MOVE);
				}
			}
			Files.move(this.file, rotated(1), StandardCopyOption.ATOMIC_MOVE);
		}
		this.channel = open();
	}

	Path rotated(int index) {
		return this.file.resolveSibling(this.file.getFileName() + "." + index);
	}

	private FileChannel open() throws IOException {
		return FileChannel.open(this.file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
	}

	/** The sequence of the last complete line of {@code path}; with {@code repair}, a cut last line is removed. */
	private long lastSequence(Path path, boolean repair) throws IOException {
		if (!Files.exists(path) || Files.size(path) == 0) {
			return 0;
		}
		try (FileChannel read = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
			long size = read.size();
			int tail = (int) Math.min(size, 256 * 1024);
			byte[] bytes = new byte[tail];
			ByteBuffer buffer = ByteBuffer.wrap(bytes);
			while (buffer.hasRemaining() && read.read(buffer, size - tail + buffer.position()) > 0) {
				// read the whole tail
			}
			int end = tail - 1;
			while (end >= 0 && bytes[end] != '\n') {
				end--;
			}
			if (end < tail - 1 && repair) {
				long keep = end < 0 ? size - tail : size - tail + end + 1;
				log.warn("SIEM export file {} ended in a cut line (a crash while writing); removing {} bytes", path, size - keep);
				read.truncate(keep);
			}
			if (end < 0) {
				return 0;
			}
			int start = end - 1;
			while (start >= 0 && bytes[start] != '\n') {
				start--;
			}
			Matcher matcher = SEQUENCE.matcher(new String(bytes, start + 1, end - start - 1, StandardCharsets.UTF_8));
			return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
		}
	}

	@Override
	public synchronized void close() {
		if (this.channel == null) {
			return;
		}
		try {
			this.channel.close();
			this.channel = null;
		}
		catch (IOException ex) {
			log.warn("Closing SIEM export file {} failed", this.file, ex);
		}
	}

}
