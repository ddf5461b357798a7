package io.keygate.infra.distributed;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * The application processes one test class started, registered with {@code @RegisterExtension} on a
 * static field: each gets a shutdown hook (should the test JVM be stopped before {@code @AfterAll}
 * runs, no JVM is left behind), they are stopped together, and a failure in the class names each
 * process's output file and shows its end, so a red build says why.
 */
final class ProcessGroup implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

	private final List<ApplicationProcess> processes = new CopyOnWriteArrayList<>();

	/** Adds {@code process} to the group; returns it. */
	ApplicationProcess started(ApplicationProcess process) {
		this.processes.add(process);
		Runtime.getRuntime().addShutdownHook(new Thread(process::kill, "kill-" + process.name()));
		return process;
	}

	/** Waits for every process of the group to be healthy. */
	void awaitHealthy(Duration atMost) {
		this.processes.forEach(process -> process.awaitHealthy(atMost));
	}

	/** All asked to stop at once, then each waited for (and killed if it lingers). */
	void stopAll() {
		this.processes.forEach(ApplicationProcess::stop);
		this.processes.forEach(ApplicationProcess::close);
	}

	@Override
	public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
		throw withOutput(failure);
	}

	@Override
	public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
		throw withOutput(failure);
	}

	private Throwable withOutput(Throwable failure) {
		if (this.processes.isEmpty() || failure instanceof TestAbortedException) {
			return failure;
		}
		StringBuilder output = new StringBuilder(String.valueOf(failure.getMessage())).append("\n\nProcess output:");
		for (ApplicationProcess process : this.processes) {
			output.append("\n--- ").append(process).append(", last lines:\n").append(process.tail(25));
		}
		return new AssertionError(output.toString(), failure);
	}

}
