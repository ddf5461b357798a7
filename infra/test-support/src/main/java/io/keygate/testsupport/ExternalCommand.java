package io.keygate.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Runs a real command line tool (openssl, sha256sum, a documented shell script) the way an auditor
 * or an operator would, so a test proves the documented command itself works. A tool that is
 * missing skips the test on a developer machine but fails it under {@code CI=true}, with a
 * message naming the tool, so that CI never passes by not running it.
 */
public final class ExternalCommand {

	/** Exit code and combined stdout/stderr. */
	public record Result(int exitCode, String output) {

		public boolean succeeded() {
			return this.exitCode == 0;
		}

	}

	private ExternalCommand() {
	}

	/** Skips (or under CI fails) unless {@code tool} runs ({@code tool version} or {@code --version}). */
	public static void require(String tool, String... versionArguments) {
		boolean present;
		try {
			Process process = new ProcessBuilder(concat(tool, versionArguments)).redirectErrorStream(true).start();
			process.getInputStream().readAllBytes();
			present = process.waitFor(20, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (IOException ex) {
			present = false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			present = false;
		}
		if (!present) {
			String message = "'" + tool + "' is not installed or does not run: this test runs the documented " + tool
					+ " command itself. Install it (e.g. apt-get install " + tool + ").";
			if ("true".equalsIgnoreCase(System.getenv("CI"))) {
				throw new AssertionError(message + " (CI=true: not skipped)");
			}
			Assumptions.abort(message);
		}
	}

	/** Runs {@code command} in {@code directory} (a shell line goes through {@code bash -c}). */
	public static Result run(Path directory, List<String> command) {
		try {
			Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new AssertionError("command did not end within 60 s: " + command);
			}
			return new Result(process.exitValue(), output);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot run " + command, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted running " + command, ex);
		}
	}

	public static Result shell(Path directory, String line) {
		return run(directory, List.of("bash", "-c", line));
	}

	private static List<String> concat(String tool, String... arguments) {
		return java.util.stream.Stream.concat(java.util.stream.Stream.of(tool), java.util.Arrays.stream(arguments)).toList();
	}

}
