package io.keygate.gateway.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.keygate.testsupport.ExternalCommand;

/**
 * A sealed transcript body opens with the documented script (openssl and coreutils only) and the
 * utility's private key, and with nothing else: an altered envelope fails its MAC.
 */
class BodySealingTest {

	private static final Path SCRIPT = Path.of("tools", "open-transcript-body.sh").toAbsolutePath();

	private static KeyPair utility;

	@TempDir
	Path dir;

	@BeforeAll
	static void keys() throws Exception {
		ExternalCommand.require("openssl", "version");
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		utility = generator.generateKeyPair();
	}

	private BodySealing sealing() {
		return BodySealing.fromPem("-----BEGIN PUBLIC KEY-----\n"
				+ Base64.getMimeEncoder().encodeToString(utility.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
	}

	private ExternalCommand.Result open(byte[] envelope) throws Exception {
		Files.writeString(this.dir.resolve("private.pem"), "-----BEGIN PRIVATE KEY-----\n"
				+ Base64.getMimeEncoder().encodeToString(utility.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
		Files.write(this.dir.resolve("envelope.txt"), envelope);
		return ExternalCommand.run(this.dir, List.of("bash", SCRIPT.toString(), "private.pem", "envelope.txt"));
	}

	@Test
	void sealWhenOpenedWithTheDocumentedScriptAndThePrivateKeyThenTheRedactedBodyComesBack() throws Exception {
		String body = "{\"meter\":\"4711\",\"password\":\"[REDACTED]\"}";

		byte[] envelope = sealing().seal(body.getBytes(StandardCharsets.UTF_8));

		assertThat(new String(envelope, StandardCharsets.US_ASCII)).startsWith("KGT1 ").doesNotContain("4711");
		ExternalCommand.Result opened = open(envelope);
		assertThat(opened.succeeded()).as(opened.output()).isTrue();
		assertThat(opened.output()).isEqualTo(body);
	}

	@Test
	void sealWhenOneCiphertextCharacterChangesThenTheScriptRefusesOnTheMac() throws Exception {
		String[] fields = new String(sealing().seal("{\"a\":1}".getBytes(StandardCharsets.UTF_8)), StandardCharsets.US_ASCII)
			.split(" ");
		byte[] ciphertext = Base64.getDecoder().decode(fields[3]);
		ciphertext[0] ^= 1;
		fields[3] = Base64.getEncoder().encodeToString(ciphertext);

		ExternalCommand.Result opened = open(String.join(" ", fields).getBytes(StandardCharsets.US_ASCII));

		assertThat(opened.exitCode()).as(opened.output()).isEqualTo(3);
		assertThat(opened.output()).contains("MAC mismatch");
	}

	@Test
	void fromPemWhenKeyIsNotRsaOrTooSmallThenRefused() throws Exception {
		KeyPairGenerator small = KeyPairGenerator.getInstance("RSA");
		small.initialize(1024);
		String pem = "-----BEGIN PUBLIC KEY-----\n"
				+ Base64.getMimeEncoder().encodeToString(small.generateKeyPair().getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----";

		assertThatThrownBy(() -> BodySealing.fromPem(pem)).hasMessageContaining("at least 2048 bits");
		assertThatThrownBy(() -> BodySealing.fromPem("not a key")).hasMessageContaining("not a PEM RSA public key");
	}

}
