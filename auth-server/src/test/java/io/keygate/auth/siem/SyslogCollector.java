package io.keygate.auth.siem;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ServerSocketFactory;

/**
 * A real syslog collector on a local TCP port, reading RFC 6587 octet-counted frames. It can go
 * away (closing its connections without reading what is in flight, as a crashed collector does)
 * and come back on the same port.
 */
final class SyslogCollector implements AutoCloseable {

	private final List<String> messages = new CopyOnWriteArrayList<>();

	private final List<Socket> connections = new CopyOnWriteArrayList<>();

	private final int port;

	private final ServerSocketFactory sockets;

	private volatile ServerSocket server;

	private SyslogCollector(int port, ServerSocketFactory sockets) {
		this.port = port;
		this.sockets = sockets;
	}

	static SyslogCollector start() throws IOException {
		return start(ServerSocketFactory.getDefault());
	}

	/** Listening with {@code sockets} (e.g. an {@code SSLServerSocketFactory} for syslog over TLS). */
	static SyslogCollector start(ServerSocketFactory sockets) throws IOException {
		SyslogCollector collector = absent(sockets);
		collector.open();
		return collector;
	}

	/** A collector that is not listening yet, on a free port. */
	static SyslogCollector absent() throws IOException {
		return absent(ServerSocketFactory.getDefault());
	}

	private static SyslogCollector absent(ServerSocketFactory sockets) throws IOException {
		try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			return new SyslogCollector(probe.getLocalPort(), sockets);
		}
	}

	int port() {
		return this.port;
	}

	List<String> messages() {
		return this.messages;
	}

	void open() throws IOException {
		ServerSocket socket = this.sockets.createServerSocket();
		socket.setReuseAddress(true);
		socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port));
		this.server = socket;
		Thread accepting = new Thread(() -> {
			while (!socket.isClosed()) {
				try {
					Socket connection = socket.accept();
					this.connections.add(connection);
					Thread reading = new Thread(() -> read(connection), "test-syslog-read");
					reading.setDaemon(true);
					reading.start();
				}
				catch (IOException ex) {
					return;
				}
			}
		}, "test-syslog-accept");
		accepting.setDaemon(true);
		accepting.start();
	}

	/** Goes away: the listening socket and every connection closed. */
	void stop() throws IOException {
		this.server.close();
		for (Socket connection : this.connections) {
			connection.close();
		}
		this.connections.clear();
	}

	private void read(Socket connection) {
		try (InputStream in = connection.getInputStream()) {
			while (true) {
				int length = 0;
				int b;
				while ((b = in.read()) != ' ') {
					if (b < 0) {
						return;
					}
					if (b < '0' || b > '9') {
						throw new IOException("not an octet-counted frame");
					}
					length = length * 10 + (b - '0');
				}
				byte[] body = in.readNBytes(length);
				if (body.length < length) {
					return;
				}
				this.messages.add(new String(body, StandardCharsets.UTF_8));
			}
		}
		catch (IOException ex) {
			// the collector went away, or the connection was reset
		}
	}

	@Override
	public void close() throws IOException {
		if (this.server != null) {
			stop();
		}
	}


}
