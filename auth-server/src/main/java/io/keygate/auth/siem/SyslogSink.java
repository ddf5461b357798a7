package io.keygate.auth.siem;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import io.keygate.policy.audit.AuditEvent;

/** The syslog export's side of the spool: events become RFC 5424 messages and wait on disk for the forwarder. */
final class SyslogSink implements SiemSink {

	private final SyslogSpool spool;

	private final SyslogMessage messages;

	private final SyslogForwarder forwarder;

	private Thread thread;

	private final String name;

	SyslogSink(SyslogSpool spool, SyslogMessage messages, SyslogForwarder forwarder) {
		this("syslog", spool, messages, forwarder);
	}

	/** {@code name} is the cursor's: two syslog exports (e.g. in a test) keep separate cursors. */
	SyslogSink(String name, SyslogSpool spool, SyslogMessage messages, SyslogForwarder forwarder) {
		this.name = name;
		this.spool = spool;
		this.messages = messages;
		this.forwarder = forwarder;
	}

	synchronized void start() {
		this.forwarder.resume();
		this.thread = new Thread(this.forwarder, "keygate-syslog-forwarder");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public long deliveredThrough() throws IOException {
		return this.spool.lastSequence();
	}

	@Override
	public int accept(List<AuditEvent> events, List<String> lines) throws IOException {
		List<Long> sequences = new ArrayList<>(events.size());
		List<String> framed = new ArrayList<>(events.size());
		for (int i = 0; i < events.size(); i++) {
			sequences.add(events.get(i).sequence());
			framed.add(this.messages.message(events.get(i), lines.get(i)));
		}
		return this.spool.offer(sequences, framed);
	}

	SyslogSpool spool() {
		return this.spool;
	}

	boolean connected() {
		return this.forwarder.connected();
	}

	@Override
	public synchronized void close() {
		this.forwarder.stop();
		if (this.thread == null) {
			return;
		}
		this.thread.interrupt();
		try {
			this.thread.join(5000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
