package io.keygate.policy.catalog;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** One allow rule of an access level: these HTTP methods on paths matching this pattern. */
public record AccessRule(Set<String> methods, PathPattern path) {

	private static final Pattern METHOD = Pattern.compile("[A-Z]{1,16}");

	public AccessRule {
		Objects.requireNonNull(methods, "methods cannot be null");
		Objects.requireNonNull(path, "path cannot be null");
		if (methods.isEmpty()) {
			throw new IllegalArgumentException("an access rule needs at least one method (path " + path + ")");
		}
		methods = methods.stream().map(m -> m.toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
		for (String method : methods) {
			if (!METHOD.matcher(method).matches()) {
				throw new IllegalArgumentException("'" + method + "' is not an HTTP method");
			}
		}
	}

	public static AccessRule of(String path, String... methods) {
		return new AccessRule(Set.of(methods), PathPattern.parse(path));
	}

	public boolean allowsMethod(String method) {
		return this.methods.contains(method);
	}

	public boolean allows(String method, String normalisedPath) {
		return allowsMethod(method) && this.path.matches(normalisedPath);
	}

}
