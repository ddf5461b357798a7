package io.keygate.auth.siem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.keygate.auth.testsupport.KeygateHttpTest;

/**
 * One auth server with the file export on (from properties, as an operator would set it), shared
 * by the SIEM tests; the syslog tests build their own export against its chain.
 */
abstract class SiemExportTestBase extends KeygateHttpTest {

	static final Path EXPORT_DIRECTORY = temporaryDirectory();

	static final Path EXPORT_FILE = EXPORT_DIRECTORY.resolve("keygate-audit.ecs.jsonl");

	@DynamicPropertySource
	static void fileExport(DynamicPropertyRegistry registry) {
		registry.add("keygate.siem.file.enabled", () -> "true");
		registry.add("keygate.siem.file.path", EXPORT_FILE::toString);
		// Small files, many kept: the round trip crosses several rotations and loses none.
		registry.add("keygate.siem.file.max-size", () -> "16KB");
		registry.add("keygate.siem.file.max-files", () -> "1000");
		registry.add("keygate.siem.poll-interval", () -> "PT0.05S");
	}

	private static Path temporaryDirectory() {
		try {
			return Files.createTempDirectory("keygate-siem");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
