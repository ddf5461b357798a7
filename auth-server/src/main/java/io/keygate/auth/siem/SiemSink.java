package io.keygate.auth.siem;

import java.io.IOException;
import java.util.List;

import io.keygate.policy.audit.AuditEvent;

/**
 * Where the SIEM export delivers ECS lines. A sink either takes a whole batch durably or says it
 * cannot ({@code false} or an exception); the exporter moves its cursor only past what was taken.
 */
interface SiemSink extends AutoCloseable {

	/** The cursor name ({@code file}, {@code syslog}). */
	String name();

	/** The last sequence the destination itself holds (read at start), or 0 when it cannot tell. */
	long deliveredThrough() throws IOException;

	/**
	 * Takes the first events of {@code events} (with their ECS lines) that it has room for, durably,
	 * and answers how many; fewer than given means it is full for now.
	 */
	int accept(List<AuditEvent> events, List<String> lines) throws IOException;

	@Override
	void close();

}
