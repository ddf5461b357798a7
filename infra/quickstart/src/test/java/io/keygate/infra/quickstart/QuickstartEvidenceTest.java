package io.keygate.infra.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.keygate.auth.evidence.EvidenceBundle;
import io.keygate.auth.evidence.EvidencePacks;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.identity.Role;
import io.keygate.testsupport.ExternalCommand;

/**
 * The quickstart produces a sample evidence bundle without any setup: the signing key is created
 * in the data folder on first start, a bundle (what the portal's "Download signed bundle" button
 * hands out) lands in {@code <data>/evidence/}, and the documented openssl command verifies it. The
 * bundle and the command's output are copied to {@code target/evidence-sample/} for the release note.
 */
class QuickstartEvidenceTest {

	@TempDir
	Path data;

	@Test
	void bundleWhenQuickstartFreshThenSignedWithTheGeneratedKeyKeptInTheDataFolderAndVerifiesWithOpenssl() throws Exception {
		ExternalCommand.require("openssl", "version");
		ExternalCommand.require("sha256sum", "--version");
		QuickstartSettings settings = new QuickstartSettings(this.data, freePort(), freePort(), 0, 0, 0);
		try (RunningQuickstart running = Quickstart.start(settings)) {
			EvidencePacks packs = running.auth().getBean(EvidencePacks.class);
			Actor admin = Actor.of("sam@utility.example", "utility", Role.SECURITY_ADMIN);

			EvidencePacks.Output bundle = packs.bundle(admin, packs.period("", ""), "127.0.0.1");

			assertThat(this.data.resolve("evidence-signing.key")).exists();
			Path kept = this.data.resolve("evidence").resolve(bundle.fileName());
			assertThat(kept).exists().hasBinaryContent(bundle.bytes());
			Path unzipped = Files.createDirectories(this.data.resolve("unzipped"));
			try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(bundle.bytes()))) {
				ZipEntry entry;
				while ((entry = in.getNextEntry()) != null) {
					Files.write(unzipped.resolve(entry.getName()), in.readAllBytes());
				}
			}
			ExternalCommand.Result verified = ExternalCommand.shell(unzipped, EvidenceBundle.VERIFY_COMMAND);
			assertThat(verified.succeeded()).as(verified.output()).isTrue();
			assertThat(verified.output()).startsWith("Verified OK").contains("report.html: OK");
			assertThat(Files.readString(unzipped.resolve("report.html"))).contains("NERC CIP-005-7 R2.1", "head-end",
					"Chain intact");
			Path sample = Files.createDirectories(Path.of("target", "evidence-sample"));
			Files.write(sample.resolve(bundle.fileName()), bundle.bytes());
			Files.writeString(sample.resolve("verification.txt"),
					"$ " + EvidenceBundle.VERIFY_COMMAND + "\n" + verified.output());
			for (String file : List.of("report.html", "summary.csv")) {
				Files.copy(unzipped.resolve(file), sample.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
			}
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
