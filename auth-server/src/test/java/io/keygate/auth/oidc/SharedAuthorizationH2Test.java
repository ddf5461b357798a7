package io.keygate.auth.oidc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Two replicas on one H2 file database (the embedded mode's store, opened by two contexts in one JVM). */
class SharedAuthorizationH2Test extends SharedAuthorizationContract {

	@Override
	protected Map<String, String> sharedDatabase() {
		try {
			Path directory = Files.createTempDirectory("keygate-shared-authorizations");
			directory.toFile().deleteOnExit();
			return Map.of("spring.datasource.url",
					"jdbc:h2:file:" + directory.resolve("keygate-auth") + ";DB_CLOSE_ON_EXIT=FALSE", "spring.datasource.username",
					"sa", "spring.datasource.password", "");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
