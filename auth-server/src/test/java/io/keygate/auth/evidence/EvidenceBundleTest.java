package io.keygate.auth.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.keygate.testsupport.ExternalCommand;

/**
 * The signed bundle verifies with the documented command, run with the real {@code openssl} and
 * {@code sha256sum}, and fails once any one byte of a report file, the manifest or the signature
 * changes.
 */
class EvidenceBundleTest {

	private static final EvidenceSigningKey KEY = EvidenceSigningKey.generate();

	@TempDir
	Path dir;

	@BeforeAll
	static void tools() {
		ExternalCommand.require("openssl", "version");
		ExternalCommand.require("sha256sum", "--version");
	}

	static EvidenceReport sample() {
		Instant now = Instant.parse("2026-11-28T00:00:00Z");
		return new EvidenceReport(now, now.minusSeconds(90 * 86_400L), now, "sam@utility", "https://auth.utility.example",
				List.of(new EvidenceReport.Gateway("gw-1", "1.4.0", now.minusSeconds(3600), now, false)),
				List.of(new EvidenceReport.TlsHop("browser → gateway", "https://gw.utility.example", "TLS (https)",
						"keygate.gateway.public-url")),
				List.of(new EvidenceReport.Authenticator("vic@itron", "itron", "VENDOR_ENGINEER", "YubiKey 5",
						"cb69481e-8ff7-4039-93ec-0a2729a154a8", "packed", true, false, now.minusSeconds(86_400), null)),
				2,
				List.of(new EvidenceReport.GrantRow("g-1", "r-1", "vic@itron", "itron", "head-end", "read",
						now.minusSeconds(7200), now.minusSeconds(3600), "vic@itron", "otto@utility", "=cmd|' /C calc'!A0",
						"CHG-1", null, null, null)),
				List.of(), List.of(new EvidenceReport.RecentSession("0123456789abcdef0123456789abcdef", "vic@itron", "itron",
						"head-end", "g-1", now.minusSeconds(30), 4)),
				new EvidenceReport.Sessions(10, 2, 3, 1, 1), List.of(), null,
				new EvidenceReport.Chain(true, 42, "intact", 42, "ab".repeat(32), "signed checkpoints are not configured"),
				List.of());
	}

	private void unzip(byte[] zip) throws IOException {
		try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
			ZipEntry entry;
			while ((entry = in.getNextEntry()) != null) {
				Files.write(this.dir.resolve(entry.getName()), in.readAllBytes());
			}
		}
	}

	@Test
	void bundleWhenVerifiedWithTheDocumentedCommandThenOpensslSaysVerifiedOkAndEveryFileMatches() throws Exception {
		unzip(EvidenceBundle.build(sample(), KEY));

		ExternalCommand.Result verified = ExternalCommand.shell(this.dir, EvidenceBundle.VERIFY_COMMAND);

		assertThat(verified.succeeded()).as(verified.output()).isTrue();
		assertThat(verified.output()).contains("Verified OK", "report.html: OK", "evidence.json: OK", "grants.csv: OK",
				"summary.csv: OK");
		assertThat(Files.readString(this.dir.resolve("VERIFY.txt"))).contains(EvidenceBundle.VERIFY_COMMAND, KEY.fingerprint());
		ExternalCommand.Result fingerprint = ExternalCommand.shell(this.dir,
				"openssl pkey -pubin -in evidence-public-key.pem -outform DER | sha256sum");
		assertThat(fingerprint.output()).startsWith(KEY.fingerprint());
		// A vendor's reason is data, never a spreadsheet formula.
		assertThat(Files.readString(this.dir.resolve("grants.csv"))).contains("\"'=cmd|' /C calc'!A0\"");
	}

	@ParameterizedTest
	@ValueSource(strings = { "report.html", "grants.csv", "evidence.json", "MANIFEST", "MANIFEST.sig" })
	void bundleWhenOneByteOfAFileChangesThenTheDocumentedCommandFails(String file) throws Exception {
		unzip(EvidenceBundle.build(sample(), KEY));
		Path changed = this.dir.resolve(file);
		byte[] bytes = Files.readAllBytes(changed);
		bytes[bytes.length / 2] ^= 0x01;
		Files.write(changed, bytes);

		ExternalCommand.Result verified = ExternalCommand.shell(this.dir, EvidenceBundle.VERIFY_COMMAND);

		assertThat(verified.succeeded()).as(verified.output()).isFalse();
		assertThat(verified.output()).containsAnyOf("Verification failure", "FAILED", "Error");
	}

	@Test
	void bundleWhenSignedByAnotherKeyThenTheFingerprintNoLongerMatchesThePublishedOne() throws Exception {
		EvidenceSigningKey forger = EvidenceSigningKey.generate();
		unzip(EvidenceBundle.build(sample(), forger));

		ExternalCommand.Result fingerprint = ExternalCommand.shell(this.dir,
				"openssl pkey -pubin -in evidence-public-key.pem -outform DER | sha256sum");

		assertThat(fingerprint.output()).doesNotStartWith(KEY.fingerprint()).startsWith(forger.fingerprint());
	}

	@Test
	void signingKeyWhenSavedAndLoadedThenSameKeyAndMissingFileWithoutGenerateRefused() throws Exception {
		Path file = this.dir.resolve("evidence.key");
		EvidenceSigningKey created = EvidenceSigningKey.load(file, true);

		assertThat(EvidenceSigningKey.load(file, false).fingerprint()).isEqualTo(created.fingerprint());
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> EvidenceSigningKey.load(this.dir.resolve("absent.key"), false))
			.hasMessageContaining("keygate.evidence.signing-key-file").hasMessageContaining("does not exist");
	}

}
