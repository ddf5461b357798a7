package io.keygate.policy.catalog;

import java.util.Locale;

/**
 * Whether a path rule admits a WebSocket and which way data frames may flow. A console whose
 * commands travel over its socket must not take commands from a {@code read} grant, so the default
 * for a rule that allows GET is {@link #RECEIVE}; {@link #TWO_WAY} is always written out.
 */
public enum WebSocketMode {
	/** No WebSocket on these paths. */
	NONE,
	/** The upstream may send; any data frame from the client closes the socket with 1008. */
	RECEIVE,
	/** Data frames both ways. */
	TWO_WAY;

	/** {@code none}, {@code receive} or {@code two-way}, as the catalogue writes them. */
	public static WebSocketMode parse(String value) {
		return switch (value == null ? "" : value.strip().toLowerCase(Locale.ROOT)) {
			case "none" -> NONE;
			case "receive", "receive-only" -> RECEIVE;
			case "two-way" -> TWO_WAY;
			default -> throw new IllegalArgumentException("'websocket' must be one of none, receive, two-way: " + value);
		};
	}

	/** Whether the client may send data frames. */
	public boolean clientMaySend() {
		return this == TWO_WAY;
	}

}
