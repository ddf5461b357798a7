package io.keygate.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one target catalogue the tests of every module use: {@code head-end} (levels {@code read},
 * {@code operate}, {@code narrow}), {@code mdm} (CRITICAL, {@code read}) and the decoy
 * {@code historian}. Tests that never reach an upstream read {@link #LOCATION}; a gateway test
 * points every upstream at its own recording server with {@link #file(String)}.
 */
public final class TestCatalog {

	/** For {@code keygate.catalog}. */
	public static final String LOCATION = "classpath:io/keygate/testsupport/test-catalog.yml";

	private static final String UPSTREAM = "http://127.0.0.1:9100";

	private TestCatalog() {
	}

	/** The catalogue's text with every upstream at {@code upstream}. */
	public static String yaml(String upstream) {
		try (InputStream in = TestCatalog.class.getResourceAsStream("test-catalog.yml")) {
			if (in == null) {
				throw new IllegalStateException("test-catalog.yml is missing from the test support jar");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace(UPSTREAM, upstream);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A temporary file (deleted on exit) holding the catalogue with every upstream at {@code upstream}. */
	public static Path file(String upstream) {
		try {
			Path file = Files.createTempFile("keygate-targets", ".yml");
			Files.writeString(file, yaml(upstream));
			file.toFile().deleteOnExit();
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
