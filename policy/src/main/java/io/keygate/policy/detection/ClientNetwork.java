package io.keygate.policy.detection;

import java.util.Optional;

/**
 * The network a client address belongs to, as detectors compare them: an IPv4 /24 or an IPv6
 * /64, the granularity at which a home, office or carrier network keeps its addresses while one
 * host's address changes (DHCP, IPv6 privacy addresses). Loopback in any spelling ({@code ::1},
 * {@code 127.0.0.1}) is one network, and an IPv4-mapped IPv6 address is its IPv4 network, so one
 * client is not "new" because a stack reported it in another notation.
 * <p>
 * Parsed by hand on purpose: {@code InetAddress.getByName} resolves host names, which is I/O a
 * detector must not do, and an audit field is client input.
 */
public record ClientNetwork(String prefix) {

	public static final ClientNetwork LOOPBACK = new ClientNetwork("loopback");

	public ClientNetwork {
		if (prefix == null || prefix.isBlank()) {
			throw new IllegalArgumentException("a client network has a prefix");
		}
	}

	/** The network of {@code address}; empty when it is blank or not an IP literal. */
	public static Optional<ClientNetwork> of(String address) {
		if (address == null) {
			return Optional.empty();
		}
		String literal = address.strip();
		if (literal.startsWith("[") && literal.endsWith("]")) {
			literal = literal.substring(1, literal.length() - 1);
		}
		int zone = literal.indexOf('%');
		if (zone >= 0) {
			literal = literal.substring(0, zone);
		}
		if (literal.isEmpty() || literal.length() > 45) {
			return Optional.empty();
		}
		if (literal.indexOf(':') < 0) {
			return ipv4(literal).map(ClientNetwork::ofIpv4);
		}
		return ipv6(literal).map(ClientNetwork::ofIpv6);
	}

	private static ClientNetwork ofIpv4(int[] octets) {
		if (octets[0] == 127) {
			return LOOPBACK;
		}
		return new ClientNetwork(octets[0] + "." + octets[1] + "." + octets[2] + ".0/24");
	}

	private static ClientNetwork ofIpv6(int[] groups) {
		boolean zeroHead = true;
		for (int i = 0; i < 5; i++) {
			zeroHead &= groups[i] == 0;
		}
		if (zeroHead && groups[5] == 0xffff) {
			return ofIpv4(new int[] { groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff });
		}
		if (zeroHead && groups[5] == 0 && groups[6] == 0 && groups[7] == 1) {
			return LOOPBACK;
		}
		return new ClientNetwork(String.format("%x:%x:%x:%x::/64", groups[0], groups[1], groups[2], groups[3]));
	}

	private static Optional<int[]> ipv4(String literal) {
		String[] parts = literal.split("\\.", -1);
		if (parts.length != 4) {
			return Optional.empty();
		}
		int[] octets = new int[4];
		for (int i = 0; i < 4; i++) {
			if (parts[i].isEmpty() || parts[i].length() > 3 || !parts[i].chars().allMatch(Character::isDigit)) {
				return Optional.empty();
			}
			octets[i] = Integer.parseInt(parts[i]);
			if (octets[i] > 255) {
				return Optional.empty();
			}
		}
		return Optional.of(octets);
	}

	private static Optional<int[]> ipv6(String literal) {
		int[] tail = null;
		String text = literal;
		int lastColon = text.lastIndexOf(':');
		if (text.indexOf('.', lastColon) > 0) {
			Optional<int[]> v4 = ipv4(text.substring(lastColon + 1));
			if (v4.isEmpty()) {
				return Optional.empty();
			}
			int[] o = v4.get();
			tail = new int[] { o[0] << 8 | o[1], o[2] << 8 | o[3] };
			text = text.substring(0, lastColon + 1) + "0:0";
		}
		int gap = text.indexOf("::");
		if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
			return Optional.empty();
		}
		String[] head = gap < 0 ? text.split(":", -1) : split(text.substring(0, gap));
		String[] rest = gap < 0 ? new String[0] : split(text.substring(gap + 2));
		int given = head.length + rest.length;
		if (gap < 0 ? given != 8 : given > 7) {
			return Optional.empty();
		}
		int[] groups = new int[8];
		for (int i = 0; i < head.length; i++) {
			if (!group(head[i], groups, i)) {
				return Optional.empty();
			}
		}
		for (int i = 0; i < rest.length; i++) {
			if (!group(rest[i], groups, 8 - rest.length + i)) {
				return Optional.empty();
			}
		}
		if (tail != null) {
			groups[6] = tail[0];
			groups[7] = tail[1];
		}
		return Optional.of(groups);
	}

	private static String[] split(String part) {
		return part.isEmpty() ? new String[0] : part.split(":", -1);
	}

	private static boolean group(String text, int[] groups, int index) {
		if (text.isEmpty() || text.length() > 4) {
			return false;
		}
		for (int i = 0; i < text.length(); i++) {
			if (Character.digit(text.charAt(i), 16) < 0) {
				return false;
			}
		}
		groups[index] = Integer.parseInt(text, 16);
		return true;
	}

	@Override
	public String toString() {
		return this.prefix;
	}

}
