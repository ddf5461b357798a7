package io.keygate.policy.breach;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The network a client address belongs to, as a detector counts "seen before": the IPv4 /24 or
 * the IPv6 /64. A home or office keeps its prefix while single addresses change (DHCP, privacy
 * addresses); an attacker's infrastructure rarely shares one with the vendor. Anything that is
 * not an address literal is its own network (never resolved: no DNS lookup on audit data).
 */
public final class Network {

	private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

	private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:]+(%.*)?");

	private Network() {
	}

	/** {@code 10.1.2.0/24}, {@code 2001:db8:0:1::/64}, or {@code other:<value>}; empty for no address. */
	public static String of(String clientAddress) {
		if (clientAddress == null || clientAddress.isBlank()) {
			return "";
		}
		String address = clientAddress.strip();
		var v4 = IPV4.matcher(address);
		if (v4.matches()) {
			return v4.group(1) + "." + v4.group(2) + "." + v4.group(3) + ".0/24";
		}
		if (address.startsWith("[") && address.endsWith("]")) {
			address = address.substring(1, address.length() - 1);
		}
		if (address.contains(":") && IPV6.matcher(address).matches()) {
			String[] groups = expand(address.replaceAll("%.*$", ""));
			if (groups != null) {
				return Integer.toHexString(Integer.parseInt(groups[0], 16)) + ":" + Integer.toHexString(Integer.parseInt(groups[1], 16))
						+ ":" + Integer.toHexString(Integer.parseInt(groups[2], 16)) + ":"
						+ Integer.toHexString(Integer.parseInt(groups[3], 16)) + "::/64";
			}
		}
		return "other:" + address.toLowerCase(Locale.ROOT);
	}

	/** The eight groups of an IPv6 literal, {@code ::} expanded; null when it is not one. */
	private static String[] expand(String address) {
		String[] halves = address.split("::", -1);
		if (halves.length > 2) {
			return null;
		}
		String[] head = halves[0].isEmpty() ? new String[0] : halves[0].split(":", -1);
		String[] tail = halves.length == 2 && !halves[1].isEmpty() ? halves[1].split(":", -1) : new String[0];
		int missing = 8 - head.length - tail.length;
		if ((halves.length == 1 && missing != 0) || (halves.length == 2 && missing < 1)) {
			return null;
		}
		String[] groups = new String[8];
		int i = 0;
		for (String group : head) {
			groups[i++] = group;
		}
		for (int m = 0; m < missing; m++) {
			groups[i++] = "0";
		}
		for (String group : tail) {
			groups[i++] = group;
		}
		for (String group : groups) {
			if (group.isEmpty() || group.length() > 4) {
				return null;
			}
		}
		return groups;
	}

}
