package io.keygate.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.springframework.context.support.GenericApplicationContext;

/**
 * The parent context of the embedded mode, as a test builds it: the beans the applications share
 * (the grant store, the audit log, the clock), registered as they are and refreshed, so that a
 * gateway or auth server started under it uses exactly these objects, as under the quickstart.
 */
public final class EmbeddedParent {

	private final Map<String, Object> beans = new LinkedHashMap<>();

	private EmbeddedParent() {
	}

	/** Starts a parent holding {@code bean} as {@code name}; add more with {@link #and}. */
	public static EmbeddedParent with(String name, Object bean) {
		return new EmbeddedParent().and(name, bean);
	}

	public EmbeddedParent and(String name, Object bean) {
		this.beans.put(Objects.requireNonNull(name, "name cannot be null"), Objects.requireNonNull(bean, "bean cannot be null"));
		return this;
	}

	/** The refreshed parent context; the caller closes it (closing does not close the beans it was given). */
	public GenericApplicationContext start() {
		GenericApplicationContext parent = new GenericApplicationContext();
		this.beans.forEach(parent.getBeanFactory()::registerSingleton);
		parent.refresh();
		return parent;
	}

}
