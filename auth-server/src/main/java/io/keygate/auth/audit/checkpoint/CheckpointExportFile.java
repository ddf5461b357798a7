package io.keygate.auth.audit.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import io.keygate.policy.audit.AuditCheckpoint;

/**
 * The file sink of signed checkpoints: one JSON line each, appended and forced to disk. Ship it
 * off the host (log shipper, SIEM, WORM storage): a copy the database's owner cannot reach is what
 * makes a rewritten chain detectable.
 */
public final class CheckpointExportFile {

	private final Path file;

	public CheckpointExportFile(Path file) {
		this.file = file;
	}

	public synchronized void append(AuditCheckpoint checkpoint) {
		try {
			if (this.file.toAbsolutePath().getParent() != null) {
				Files.createDirectories(this.file.toAbsolutePath().getParent());
			}
			Files.write(this.file, (checkpoint.toJsonLine() + "\n").getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
					StandardOpenOption.APPEND, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot append to the checkpoint file " + this.file, ex);
		}
	}

	/** Every checkpoint in the file; a line that is not one is reported, never skipped silently. */
	public synchronized List<AuditCheckpoint> read() {
		if (!Files.exists(this.file)) {
			return List.of();
		}
		try {
			List<AuditCheckpoint> checkpoints = new ArrayList<>();
			int number = 0;
			for (String line : Files.readAllLines(this.file, StandardCharsets.UTF_8)) {
				number++;
				if (line.isBlank()) {
					continue;
				}
				try {
					checkpoints.add(AuditCheckpoint.fromJsonLine(line));
				}
				catch (IllegalArgumentException ex) {
					throw new IllegalStateException("line " + number + " of " + this.file + " is not a checkpoint: " + ex.getMessage());
				}
			}
			return checkpoints;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the checkpoint file " + this.file, ex);
		}
	}

	public Path path() {
		return this.file;
	}

}
