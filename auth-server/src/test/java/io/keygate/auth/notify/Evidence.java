package io.keygate.auth.notify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes what the test servers received to {@code target/notify-evidence/} so a reviewer can read it. */
final class Evidence {

	private Evidence() {
	}

	static void save(String name, String text) {
		try {
			Path dir = Path.of("target", "notify-evidence");
			Files.createDirectories(dir);
			Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
