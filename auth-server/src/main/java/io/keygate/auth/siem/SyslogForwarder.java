package io.keygate.auth.siem;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.LongSupplier;

import javax.net.SocketFactory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the spool to the syslog collector over TCP (or TLS), one octet-counted frame per record,
 * reconnecting with back-off while the collector is away.
 * <p>
 * Plain syslog over TCP has no acknowledgement, and bytes the kernel accepted are lost if the
 * collector dies before reading them. So a record counts as delivered only when the connection
 * that carried it is still open {@code confirmAfter} later (a closed or reset peer is seen by a
 * non-blocking read); until then it stays in the spool, and a broken connection sends it again.
 * Delivery is at-least-once; each message carries its chain sequence for the collector to drop
 * a repeat.
 */
final class SyslogForwarder implements Runnable {

	private static final Logger log = LoggerFactory.getLogger(SyslogForwarder.class);

	private record Sent(SyslogSpool.Position end, long sentAtMillis) {
	}

	private final SyslogSpool spool;

	private final SocketFactory sockets;

	private final String host;

	private final int port;

	private final Duration connectTimeout;

	private final Duration maxBackoff;

	private final long confirmAfterMillis;

	private final LongSupplier millis;

	private final Deque<Sent> unconfirmed = new ArrayDeque<>();

	private volatile boolean running = true;

	private volatile boolean connected;

	private Socket socket;

	SyslogForwarder(SyslogSpool spool, SocketFactory sockets, String host, int port, Duration connectTimeout, Duration maxBackoff,
			Duration confirmAfter, LongSupplier millis) {
		this.spool = spool;
		this.sockets = sockets;
		this.host = host;
		this.port = port;
		this.connectTimeout = connectTimeout;
		this.maxBackoff = maxBackoff;
		this.confirmAfterMillis = confirmAfter.toMillis();
		this.millis = millis;
	}

	boolean connected() {
		return this.connected;
	}

	void resume() {
		this.unconfirmed.clear();
		this.spool.rewind();
		this.running = true;
	}

	void stop() {
		this.running = false;
		closeQuietly();
	}

	@Override
	public void run() {
		long backoff = 100;
		while (this.running) {
			try {
				if (this.socket == null) {
					connect();
					backoff = 100;
				}
				pump();
			}
			catch (IOException ex) {
				if (!this.running) {
					return;
				}
				if (this.connected) {
					log.warn("Syslog collector {}:{} went away ({}); {} unconfirmed messages will be sent again", this.host, this.port,
							ex.getMessage(), this.unconfirmed.size());
				}
				else {
					log.debug("Syslog collector {}:{} unreachable: {}", this.host, this.port, ex.getMessage());
				}
				closeQuietly();
				this.unconfirmed.clear();
				this.spool.rewind();
				try {
					Thread.sleep(backoff);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return;
				}
				backoff = Math.min(backoff * 2, this.maxBackoff.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private void connect() throws IOException {
		Socket fresh = this.sockets.createSocket();
		try {
			fresh.connect(new InetSocketAddress(this.host, this.port), (int) this.connectTimeout.toMillis());
			fresh.setTcpNoDelay(true);
			if (fresh instanceof javax.net.ssl.SSLSocket tls) {
				// The collector's certificate must name the host we meant to reach.
				javax.net.ssl.SSLParameters parameters = tls.getSSLParameters();
				parameters.setEndpointIdentificationAlgorithm("HTTPS");
				tls.setSSLParameters(parameters);
				tls.startHandshake();
			}
		}
		catch (IOException ex) {
			fresh.close();
			throw ex;
		}
		this.socket = fresh;
		this.connected = true;
		log.info("Connected to syslog collector {}:{}", this.host, this.port);
	}

	/** Sends what the spool holds, confirms what has stood long enough, and waits a little for more. */
	private void pump() throws IOException, InterruptedException {
		List<SyslogSpool.Record> records = this.spool.next(256, this.unconfirmed.isEmpty() ? 500 : 50);
		if (!alive()) {
			throw new IOException("connection closed by the collector");
		}
		if (!records.isEmpty()) {
			OutputStream out = this.socket.getOutputStream();
			for (SyslogSpool.Record record : records) {
				out.write(SyslogMessage.frame(record.message()));
			}
			out.flush();
			this.unconfirmed.addLast(new Sent(records.get(records.size() - 1).end(), this.millis.getAsLong()));
		}
		confirm();
	}

	private void confirm() throws IOException {
		long now = this.millis.getAsLong();
		SyslogSpool.Position confirmed = null;
		while (!this.unconfirmed.isEmpty() && now - this.unconfirmed.peekFirst().sentAtMillis() >= this.confirmAfterMillis) {
			confirmed = this.unconfirmed.removeFirst().end();
		}
		if (confirmed != null) {
			if (!alive()) {
				throw new IOException("connection closed by the collector");
			}
			this.spool.acknowledge(confirmed);
		}
	}

	/** Whether the collector has not closed or reset the connection (it never sends, so any read ends by timeout). */
	private boolean alive() throws IOException {
		this.socket.setSoTimeout(1);
		InputStream in = this.socket.getInputStream();
		try {
			// End of stream: the collector closed. A byte: a collector that talks; ignored.
			return in.read() >= 0;
		}
		catch (SocketTimeoutException ex) {
			return true;
		}
	}

	private void closeQuietly() {
		this.connected = false;
		Socket current = this.socket;
		this.socket = null;
		if (current != null) {
			try {
				current.close();
			}
			catch (IOException ex) {
				log.debug("Closing the syslog connection failed", ex);
			}
		}
	}

}
