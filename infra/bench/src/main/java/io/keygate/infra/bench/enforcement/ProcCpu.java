package io.keygate.infra.bench.enforcement;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time of a process and its descendants from {@code /proc/<pid>/stat} (utime + stime, in clock
 * ticks of 10 ms on Linux), read before and after each round. Ticks are coarse, which is why
 * rounds are 15 s: 100,000 requests or more per round make the error per request negligible.
 */
final class ProcCpu {

	/** USER_HZ on Linux x86_64 (sysconf(_SC_CLK_TCK)). */
	private static final long NANOS_PER_TICK = 10_000_000L;

	private ProcCpu() {
	}

	static long nanos(ProcessHandle process) {
		return Stream.concat(Stream.of(process), process.descendants()).mapToLong(ProcCpu::own).sum();
	}

	static long nanos(long pid) {
		return ProcessHandle.of(pid).map(ProcCpu::nanos).orElse(0L);
	}

	/** The command line, arguments separated by spaces ("" when unreadable). */
	static String commandLine(ProcessHandle process) {
		try {
			return new String(Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline")),
					java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ');
		}
		catch (IOException | RuntimeException ex) {
			return "";
		}
	}

	static long own(ProcessHandle process) {
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
			// The command name (field 2) may hold spaces: count fields after its closing parenthesis.
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
		}
		catch (IOException | RuntimeException ex) {
			return 0L;
		}
	}

}
