package io.keygate.infra.quickstart;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.springframework.context.ApplicationContext;

import io.keygate.auth.alert.HoneytokenDesk;
import io.keygate.policy.decoy.HoneytokenFormat;

/**
 * The quickstart's bait, so that the feature shows itself: a honeytoken shown on the head-end
 * simulator's console as its "API key for scripts", and a link from that console to the decoy
 * target. The token lives in the data folder (readable by its owner only where the file system
 * allows) and is registered with the auth server at every start; registering is idempotent.
 */
final class QuickstartBait {

	/** The decoy of the quickstart catalogue, as a link relative to the head-end's pages behind the gateway. */
	static final String DECOY_LINK = "../scada-historian/";

	static final String FILE = "honeytoken.txt";

	private QuickstartBait() {
	}

	static String honeytoken(Path dataDir) throws IOException {
		Path file = dataDir.resolve(FILE);
		if (Files.exists(file)) {
			String kept = Files.readString(file, StandardCharsets.US_ASCII).strip();
			if (HoneytokenFormat.isToken(kept)) {
				return kept;
			}
		}
		String token = HoneytokenFormat.generate();
		Files.writeString(file, token + "\n", StandardCharsets.US_ASCII);
		return token;
	}

	static Map<String, Object> simulatorProperties(String honeytoken) {
		return Map.of("keygate.simulator.bait.honeytoken", honeytoken, "keygate.simulator.bait.decoy-link", DECOY_LINK);
	}

	static void register(ApplicationContext authServer, String honeytoken) {
		authServer.getBean(HoneytokenDesk.class)
			.register("quickstart", "Head-end API key on the simulator console",
					"head-end simulator console, Service notes (X-Api-Key)", honeytoken);
	}

}
