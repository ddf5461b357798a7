package io.keygate.gateway.route;

import java.util.Optional;

/**
 * A gateway request path {@code /t/{target}/rest} split into the target id and the rest, both
 * still raw (percent-encoded as received). Nothing is decoded here: deciding what the rest means
 * is the policy's job, and the target segment is compared literally, so {@code /t/head%2Dend/}
 * names no target at all.
 */
public record TargetPath(String targetId, String rawRest) {

	/** Every target's paths live under this prefix. */
	public static final String PREFIX = "/t/";

	/** Splits {@code rawPath}; empty when it is not under {@link #PREFIX}. */
	public static Optional<TargetPath> parse(String rawPath) {
		if (rawPath == null || !rawPath.startsWith(PREFIX)) {
			return Optional.empty();
		}
		int slash = rawPath.indexOf('/', PREFIX.length());
		String target = slash < 0 ? rawPath.substring(PREFIX.length()) : rawPath.substring(PREFIX.length(), slash);
		String rest = slash < 0 ? "/" : rawPath.substring(slash);
		return Optional.of(new TargetPath(target, rest));
	}

	/** Whether {@code rawPath} addresses {@code targetId}. */
	public static boolean addresses(String rawPath, String targetId) {
		return rawPath != null && rawPath.startsWith(PREFIX + targetId)
				&& (rawPath.length() == PREFIX.length() + targetId.length()
						|| rawPath.charAt(PREFIX.length() + targetId.length()) == '/');
	}

}
