package io.keygate.auth.siem;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Syslog messages waiting for the collector, on disk and bounded: numbered segment files of one
 * record per line ({@code <sequence> <message>}), and an {@code acked} file naming the position
 * up to which the collector has them. Records are read from a position kept in memory; after a
 * broken connection the reader goes back to the acknowledged position and the unconfirmed
 * records are sent again (at-least-once). When taking a batch would pass {@code maxBytes}, the
 * spool refuses it whole: the export then waits on the chain, which loses nothing.
 */
final class SyslogSpool {

	/** A place in the spool: a segment and a byte offset in it. */
	record Position(long segment, long offset) {

		boolean after(Position other) {
			return this.segment > other.segment || (this.segment == other.segment && this.offset > other.offset);
		}

	}

	/** One spooled message and the position just after it. */
	record Record(long sequence, String message, Position end) {
	}

	private static final String SUFFIX = ".spool";

	private final Path directory;

	private final long maxBytes;

	private final long segmentBytes;

	private final TreeSet<Long> segments = new TreeSet<>();

	private Position acked;

	private Position read;

	SyslogSpool(Path directory, long maxBytes) throws IOException {
		if (maxBytes < 4096) {
			throw new IllegalArgumentException("keygate.siem.syslog.spool.max-bytes must be at least 4096, was " + maxBytes);
		}
		this.directory = directory.toAbsolutePath();
		this.maxBytes = maxBytes;
		this.segmentBytes = Math.max(1024, Math.min(4L * 1024 * 1024, maxBytes / 8));
		Files.createDirectories(this.directory);
		try (Stream<Path> files = Files.list(this.directory)) {
			files.map(path -> path.getFileName().toString())
				.filter(name -> name.endsWith(SUFFIX))
				.forEach(name -> this.segments.add(Long.parseLong(name.substring(0, name.length() - SUFFIX.length()))));
		}
		this.acked = readAcked();
		if (this.segments.isEmpty() || this.segments.first() > this.acked.segment()) {
			this.acked = new Position(this.segments.isEmpty() ? 1 : this.segments.first(), 0);
		}
		this.segments.headSet(this.acked.segment()).forEach(this::deleteSegment);
		this.segments.headSet(this.acked.segment()).clear();
		this.read = this.acked;
		if (!this.segments.isEmpty()) {
			repairCutLine(segmentPath(this.segments.last()));
		}
	}

	/** A line cut by a crash while writing would swallow the next record: it is removed (it was never acknowledged). */
	private static void repairCutLine(Path path) throws IOException {
		if (!Files.exists(path)) {
			return;
		}
		try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
			long end = channel.size();
			ByteBuffer one = ByteBuffer.allocate(1);
			while (end > 0) {
				one.clear();
				channel.read(one, end - 1);
				if (one.get(0) == '\n') {
					break;
				}
				end--;
			}
			if (end < channel.size()) {
				channel.truncate(end);
			}
		}
	}

	/**
	 * Appends durably the first records ({@code sequence}, message) that fit under the bound and
	 * answers how many; the rest wait in the chain.
	 */
	synchronized int offer(List<Long> sequences, List<String> messages) throws IOException {
		List<byte[]> lines = new ArrayList<>(messages.size());
		long room = this.maxBytes - bytes();
		for (int i = 0; i < messages.size(); i++) {
			byte[] line = (sequences.get(i) + " " + messages.get(i) + "\n").getBytes(StandardCharsets.UTF_8);
			if (line.length > room) {
				break;
			}
			lines.add(line);
			room -= line.length;
		}
		if (lines.isEmpty()) {
			return 0;
		}
		long segment = this.segments.isEmpty() ? this.acked.segment() : this.segments.last();
		FileChannel channel = FileChannel.open(segmentPath(segment), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
				StandardOpenOption.APPEND);
		this.segments.add(segment);
		try {
			for (byte[] line : lines) {
				if (channel.size() > 0 && channel.size() + line.length > this.segmentBytes) {
					channel.force(true);
					channel.close();
					segment++;
					channel = FileChannel.open(segmentPath(segment), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
							StandardOpenOption.APPEND);
					this.segments.add(segment);
				}
				ByteBuffer buffer = ByteBuffer.wrap(line);
				while (buffer.hasRemaining()) {
					channel.write(buffer);
				}
			}
			channel.force(true);
		}
		finally {
			channel.close();
		}
		notifyAll();
		return lines.size();
	}

	/** Up to {@code max} records after the read position (waiting up to {@code waitMillis} for one). */
	synchronized List<Record> next(int max, long waitMillis) throws IOException, InterruptedException {
		List<Record> records = readFrom(this.read, max);
		if (records.isEmpty() && waitMillis > 0) {
			wait(waitMillis);
			records = readFrom(this.read, max);
		}
		if (!records.isEmpty()) {
			this.read = records.get(records.size() - 1).end();
		}
		return records;
	}

	/** The collector has everything up to {@code position}: remember it and drop the segments before it. */
	synchronized void acknowledge(Position position) throws IOException {
		if (!position.after(this.acked)) {
			return;
		}
		Path temporary = this.directory.resolve("acked.tmp");
		Files.writeString(temporary, position.segment() + " " + position.offset());
		Files.move(temporary, this.directory.resolve("acked"), StandardCopyOption.ATOMIC_MOVE,
				StandardCopyOption.REPLACE_EXISTING);
		this.acked = position;
		for (Long old : List.copyOf(this.segments.headSet(position.segment()))) {
			deleteSegment(old);
			this.segments.remove(old);
		}
	}

	/** After a broken connection: what was sent but not confirmed is read (and sent) again. */
	synchronized void rewind() {
		this.read = this.acked;
	}

	/** Bytes not yet acknowledged. */
	synchronized long bytes() throws IOException {
		long total = 0;
		for (long segment : this.segments) {
			Path path = segmentPath(segment);
			total += Files.exists(path) ? Files.size(path) : 0;
		}
		return total - (this.segments.contains(this.acked.segment()) ? this.acked.offset() : 0);
	}

	/** The sequence of the newest spooled record, acknowledged or not (0 when the spool is empty). */
	synchronized long lastSequence() throws IOException {
		for (Long segment : this.segments.descendingSet()) {
			Path path = segmentPath(segment);
			if (!Files.exists(path) || Files.size(path) == 0) {
				continue;
			}
			List<Record> all = readFrom(new Position(segment, 0), Integer.MAX_VALUE);
			if (!all.isEmpty()) {
				return all.get(all.size() - 1).sequence();
			}
		}
		return 0;
	}

	private List<Record> readFrom(Position from, int max) throws IOException {
		List<Record> records = new ArrayList<>();
		Position at = from;
		while (records.size() < max) {
			Path path = segmentPath(at.segment());
			long size = Files.exists(path) ? Files.size(path) : 0;
			if (at.offset() >= size) {
				Long next = this.segments.higher(at.segment());
				if (next == null) {
					return records;
				}
				at = new Position(next, 0);
				continue;
			}
			byte[] bytes;
			try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
				ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(size - at.offset(), 1024 * 1024));
				while (buffer.hasRemaining() && channel.read(buffer, at.offset() + buffer.position()) > 0) {
					// fill
				}
				bytes = buffer.array();
			}
			int start = 0;
			for (int i = 0; i < bytes.length && records.size() < max; i++) {
				if (bytes[i] != '\n') {
					continue;
				}
				String line = new String(bytes, start, i - start, StandardCharsets.UTF_8);
				int space = line.indexOf(' ');
				records.add(new Record(Long.parseLong(line.substring(0, space)), line.substring(space + 1),
						new Position(at.segment(), at.offset() + i + 1)));
				start = i + 1;
			}
			if (start == 0) {
				// A cut last line (a crash while writing): nothing after it is readable.
				return records;
			}
			at = new Position(at.segment(), at.offset() + start);
		}
		return records;
	}

	private Position readAcked() throws IOException {
		Path path = this.directory.resolve("acked");
		if (!Files.exists(path)) {
			return new Position(1, 0);
		}
		String[] parts = Files.readString(path).strip().split(" ");
		return new Position(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
	}

	private Path segmentPath(long segment) {
		return this.directory.resolve(String.format("%020d%s", segment, SUFFIX));
	}

	private void deleteSegment(long segment) {
		try {
			Files.deleteIfExists(segmentPath(segment));
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
