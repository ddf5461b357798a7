package io.keygate.gateway.oversize;

import org.springframework.util.unit.DataSize;

/**
 * Keygate's limits on what a request may carry before its body: the request line and the header
 * section, measured as Netty measures them (bytes of the line; bytes of every header line without
 * its line end).
 */
public record RequestSizeLimits(int maxRequestLine, int maxHeaders) {

	public RequestSizeLimits {
		if (maxRequestLine < 64 || maxHeaders < 256) {
			throw new IllegalArgumentException("keygate.gateway.requests.max-request-line must be at least 64B and "
					+ "keygate.gateway.requests.max-headers at least 256B, were " + maxRequestLine + "B and " + maxHeaders + "B");
		}
	}

	public static RequestSizeLimits of(DataSize maxRequestLine, DataSize maxHeaders) {
		return new RequestSizeLimits(Math.toIntExact(maxRequestLine.toBytes()), Math.toIntExact(maxHeaders.toBytes()));
	}

}
