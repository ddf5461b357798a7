package io.keygate.policy.catalog;

import java.util.List;
import java.util.Objects;

/**
 * A path pattern of an access rule, matched segment by segment against a normalised path.
 * <ul>
 * <li>a literal segment matches itself (case-sensitive);</li>
 * <li>{@code *} matches exactly one non-empty segment;</li>
 * <li>{@code **}, only as the last segment, matches zero or more segments.</li>
 * </ul>
 * There is no regex and no partial-segment wildcard on purpose: {@code /api/commands/**} must never
 * match {@code /api/commandsX}.
 */
public record PathPattern(String pattern, List<String> segments) {

	public PathPattern {
		Objects.requireNonNull(pattern, "pattern cannot be null");
		segments = List.copyOf(segments);
	}

	public static PathPattern parse(String pattern) {
		if (pattern == null || !pattern.startsWith("/")) {
			throw new IllegalArgumentException("path pattern must start with '/': " + pattern);
		}
		if (pattern.equals("/**")) {
			return new PathPattern(pattern, List.of("**"));
		}
		List<String> segments = List.of(pattern.substring(1).split("/", -1));
		for (int i = 0; i < segments.size(); i++) {
			String segment = segments.get(i);
			boolean last = i == segments.size() - 1;
			if (segment.isEmpty() && !(last && segments.size() > 1)) {
				throw new IllegalArgumentException("path pattern has an empty segment: " + pattern);
			}
			if (segment.equals("**") && !last) {
				throw new IllegalArgumentException("'**' is allowed only as the last segment: " + pattern);
			}
			if (!segment.equals("*") && !segment.equals("**") && (segment.contains("*") || segment.equals(".")
					|| segment.equals("..") || !segment.chars().allMatch(PathPattern::isPlainChar))) {
				throw new IllegalArgumentException("path pattern segment '" + segment + "' is not a plain literal: " + pattern);
			}
		}
		return new PathPattern(pattern, segments);
	}

	private static boolean isPlainChar(int c) {
		return c > 0x20 && c < 0x7f && c != '\\' && c != ';' && c != '%' && c != '?' && c != '#';
	}

	/**
	 * Whether the already normalised {@code path} (see {@code RequestPath}) matches. The path
	 * must start with '/'.
	 */
	public boolean matches(String path) {
		String[] parts = path.substring(1).split("/", -1);
		int i = 0;
		for (; i < this.segments.size(); i++) {
			String segment = this.segments.get(i);
			if (segment.equals("**")) {
				return true;
			}
			if (i >= parts.length) {
				return false;
			}
			if (segment.equals("*")) {
				if (parts[i].isEmpty()) {
					return false;
				}
			}
			else if (!segment.equals(parts[i])) {
				return false;
			}
		}
		return i == parts.length;
	}

	@Override
	public String toString() {
		return this.pattern;
	}

}
