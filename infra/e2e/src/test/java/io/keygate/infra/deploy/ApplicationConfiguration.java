package io.keygate.infra.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;

import io.keygate.grantstore.redis.AuditStreamSettings;
import io.keygate.grantstore.redis.GrantStoreSettings;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;

/**
 * What one application really accepts, read from the code and the files on the class path rather
 * than written down a second time: the {@code @ConfigurationProperties} of its packages (record
 * components, recursively), Spring Boot's configuration metadata, the keys of its own yml files,
 * and the environment variables its yml files read through {@code ${NAME:default}} placeholders.
 */
final class ApplicationConfiguration {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?}");

	private static Set<String> bootProperties;

	private static Set<String> bootMapProperties;

	private final String name;

	private final Set<String> properties = new HashSet<>();

	/** Prefixes under which any key is accepted (maps such as upstream credentials per target). */
	private final Set<String> openPrefixes = new HashSet<>();

	private final Map<String, Optional<String>> placeholders = new LinkedHashMap<>();

	private final Map<String, Object> ymlKeys = new LinkedHashMap<>();

	private ApplicationConfiguration(String name) {
		this.name = name;
	}

	/**
	 * @param anchor a class of the application, whose jar (or classes folder) holds its yml files
	 * @param basePackage where its {@code @ConfigurationProperties} live
	 * @param ymlFiles its configuration files, in that jar
	 */
	static ApplicationConfiguration of(String name, Class<?> anchor, String basePackage, String... ymlFiles) {
		ApplicationConfiguration config = new ApplicationConfiguration(name);
		config.properties.addAll(bootProperties());
		config.scan(basePackage);
		config.scanValues(basePackage);
		// Settings both applications bind by the same names (records without Spring, beside the Redis store).
		config.describe(GrantStoreSettings.PREFIX, GrantStoreSettings.class, 0);
		config.describe(AuditStreamSettings.PREFIX, AuditStreamSettings.class, 0);
		for (String file : ymlFiles) {
			String text = read(anchor, file);
			config.readYml(text);
		}
		return config;
	}

	String name() {
		return this.name;
	}

	/** Whether the application binds {@code property} (canonical dotted, kebab-case form). */
	boolean accepts(String property) {
		String wanted = canonical(property);
		if (this.properties.stream().anyMatch(known -> canonical(known).equals(wanted))) {
			return true;
		}
		return this.openPrefixes.stream().anyMatch(prefix -> wanted.startsWith(canonical(prefix) + "."))
				|| bootMapProperties().stream().anyMatch(prefix -> wanted.startsWith(canonical(prefix) + "."));
	}

	private static synchronized Set<String> bootMapProperties() {
		bootProperties();
		return bootMapProperties;
	}

	/** Whether an environment variable is one the application reads: a placeholder, or a relaxed property name. */
	boolean acceptsEnvironment(String variable) {
		if (this.placeholders.containsKey(variable)) {
			return true;
		}
		String asProperty = variable.toLowerCase(Locale.ROOT).replace('_', '.');
		return this.properties.stream().anyMatch(known -> canonical(known).equals(asProperty));
	}

	/** The default a {@code ${NAME:default}} placeholder gives, when the yml reads it. */
	Optional<String> placeholderDefault(String variable) {
		return this.placeholders.getOrDefault(variable, Optional.empty());
	}

	Set<String> placeholders() {
		return this.placeholders.keySet();
	}

	/** The raw value of a key in the application's own yml (first document), e.g. {@code server.port}. */
	Optional<Object> ymlValue(String key) {
		return Optional.ofNullable(this.ymlKeys.get(key));
	}

	/** Canonical form of a property name for comparison: lower case, no dashes, no index. */
	static String canonical(String property) {
		return property.toLowerCase(Locale.ROOT).replace("-", "").replaceAll("\\[\\d+]", "");
	}

	/** Every dotted key of a yml document (maps flattened; lists are leaves). */
	static Map<String, Object> flatten(Object document) {
		Map<String, Object> keys = new LinkedHashMap<>();
		flatten("", document, keys);
		return keys;
	}

	private static void flatten(String prefix, Object value, Map<String, Object> keys) {
		if (value instanceof Map<?, ?> map) {
			map.forEach((key, child) -> flatten(prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key, child, keys));
		}
		else {
			keys.put(prefix, value);
		}
	}

	/** Environment variables read through placeholders in {@code text}. */
	static Set<String> placeholdersIn(String text) {
		Set<String> names = new LinkedHashSet<>();
		Matcher matcher = PLACEHOLDER.matcher(text);
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
		return names;
	}

	private void readYml(String text) {
		Matcher matcher = PLACEHOLDER.matcher(text);
		while (matcher.find()) {
			this.placeholders.putIfAbsent(matcher.group(1), Optional.ofNullable(matcher.group(2)));
		}
		boolean first = true;
		for (Object document : new Yaml().loadAll(text)) {
			Map<String, Object> keys = flatten(document);
			this.properties.addAll(keys.keySet());
			if (first) {
				keys.forEach(this.ymlKeys::putIfAbsent);
				first = false;
			}
		}
	}

	/** Properties read one by one with {@code @Value("${name:default}")} anywhere in the package. */
	private void scanValues(String basePackage) {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false) {
			@Override
			protected boolean isCandidateComponent(org.springframework.beans.factory.annotation.AnnotatedBeanDefinition definition) {
				return true;
			}
		};
		scanner.addIncludeFilter((reader, factory) -> true);
		Pattern name = Pattern.compile("\\$\\{([a-z][\\w.\\-\\[\\]]*)(?::[^}]*)?}");
		for (BeanDefinition candidate : scanner.findCandidateComponents(basePackage)) {
			Class<?> type;
			try {
				type = Class.forName(candidate.getBeanClassName(), false, getClass().getClassLoader());
			}
			catch (ClassNotFoundException | LinkageError ex) {
				continue;
			}
			List<java.lang.annotation.Annotation> values = new ArrayList<>();
			try {
				for (Field field : type.getDeclaredFields()) {
					values.addAll(List.of(field.getAnnotationsByType(Value.class)));
				}
				for (java.lang.reflect.Executable executable : concat(type.getDeclaredConstructors(), type.getDeclaredMethods())) {
					for (java.lang.reflect.Parameter parameter : executable.getParameters()) {
						values.addAll(List.of(parameter.getAnnotationsByType(Value.class)));
					}
				}
			}
			catch (LinkageError ex) {
				continue;
			}
			for (java.lang.annotation.Annotation annotation : values) {
				Matcher matcher = name.matcher(((Value) annotation).value());
				while (matcher.find()) {
					this.properties.add(matcher.group(1));
				}
			}
		}
	}

	private static List<java.lang.reflect.Executable> concat(java.lang.reflect.Executable[] a, java.lang.reflect.Executable[] b) {
		List<java.lang.reflect.Executable> all = new ArrayList<>(List.of(a));
		all.addAll(List.of(b));
		return all;
	}

	private void scan(String basePackage) {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false) {
			@Override
			protected boolean isCandidateComponent(org.springframework.beans.factory.annotation.AnnotatedBeanDefinition definition) {
				return true;
			}
		};
		scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
		for (BeanDefinition candidate : scanner.findCandidateComponents(basePackage)) {
			try {
				Class<?> type = Class.forName(candidate.getBeanClassName());
				ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
				String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
				describe(prefix, type, 0);
			}
			catch (ClassNotFoundException ex) {
				throw new IllegalStateException("cannot load " + candidate.getBeanClassName(), ex);
			}
		}
	}

	private void describe(String prefix, Type type, int depth) {
		Class<?> raw = raw(type);
		if (depth > 6 || raw == null) {
			this.properties.add(prefix);
			return;
		}
		if (Map.class.isAssignableFrom(raw)) {
			this.properties.add(prefix);
			this.openPrefixes.add(prefix);
			return;
		}
		if (raw.isRecord()) {
			this.properties.add(prefix);
			for (RecordComponent component : raw.getRecordComponents()) {
				describe(prefix + "." + kebab(component.getName()), component.getGenericType(), depth + 1);
			}
			return;
		}
		if (raw.getName().startsWith("io.keygate") && !raw.isEnum() && !raw.isInterface()) {
			for (Field field : raw.getDeclaredFields()) {
				if (!java.lang.reflect.Modifier.isStatic(field.getModifiers())) {
					describe(prefix + "." + kebab(field.getName()), field.getGenericType(), depth + 1);
				}
			}
			return;
		}
		this.properties.add(prefix);
	}

	private static Class<?> raw(Type type) {
		if (type instanceof Class<?> c) {
			return c;
		}
		if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
			return Collection.class.isAssignableFrom(c) ? String.class : c;
		}
		return null;
	}

	private static String kebab(String camel) {
		return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
	}

	/** Every property Spring Boot's own configuration metadata on the class path describes. */
	private static synchronized Set<String> bootProperties() {
		if (bootProperties == null) {
			Set<String> names = new HashSet<>();
			Set<String> maps = new HashSet<>();
			JsonMapper json = JsonMapper.builder().build();
			for (String resource : List.of("META-INF/spring-configuration-metadata.json",
					"META-INF/additional-spring-configuration-metadata.json")) {
				try {
					Enumeration<URL> urls = ApplicationConfiguration.class.getClassLoader().getResources(resource);
					while (urls.hasMoreElements()) {
						try (InputStream in = urls.nextElement().openStream()) {
							JsonNode root = json.readTree(in);
							for (JsonNode property : root.path("properties")) {
								names.add(property.path("name").asString());
								// A map of named entries (e.g. spring.ssl.bundle.pem.<bundle>.*): any key under it.
								if (property.path("type").asString("").startsWith("java.util.Map<")) {
									maps.add(property.path("name").asString());
								}
							}
						}
					}
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}
			bootProperties = Set.copyOf(names);
			bootMapProperties = Set.copyOf(maps);
		}
		return bootProperties;
	}

	/** A file from the jar or classes folder that holds {@code anchor}. */
	static String read(Class<?> anchor, String file) {
		try {
			Path location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
			if (Files.isDirectory(location)) {
				return Files.readString(location.resolve(file));
			}
			try (ZipFile jar = new ZipFile(location.toFile())) {
				ZipEntry entry = jar.getEntry(file);
				if (entry == null) {
					throw new IllegalStateException(file + " is not in " + location);
				}
				try (InputStream in = jar.getInputStream(entry)) {
					return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (java.net.URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
