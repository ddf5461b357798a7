package io.keygate.gateway.upstreamtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.keygate.policy.catalog.TargetCatalog;
import io.keygate.policy.catalog.TargetCatalogFile;
import io.keygate.testsupport.TlsTestCertificates;

/** Start-up refusals of the per-target upstream trust, each naming the property, and no unchecked path. */
class UpstreamTrustTest {

	@TempDir
	Path directory;

	private static TargetCatalog catalog(String... idAndUpstream) {
		StringBuilder yaml = new StringBuilder("targets:\n");
		for (int i = 0; i < idAndUpstream.length; i += 2) {
			yaml.append("""
					  - id: %s
					    name: %s
					    zone: HEAD_END
					    upstream: %s
					    tier: STANDARD
					    max-grant: PT8H
					    levels:
					      read:
					        - methods: [GET]
					          paths: ["/**"]
					""".formatted(idAndUpstream[i], idAndUpstream[i], idAndUpstream[i + 1]));
		}
		return TargetCatalogFile.parse(yaml.toString(), "test");
	}

	private static UpstreamTlsProperties cas(String... targetAndCa) {
		Map<String, UpstreamTlsProperties.TargetTls> targets = new LinkedHashMap<>();
		for (int i = 0; i < targetAndCa.length; i += 2) {
			targets.put(targetAndCa[i], new UpstreamTlsProperties.TargetTls(targetAndCa[i + 1]));
		}
		return new UpstreamTlsProperties(targets);
	}

	private String ca(String name) {
		return TlsTestCertificates.ca(this.directory, name).certificateFile().toString();
	}

	@Test
	void ofWhenCaNamesUnknownTargetThenRefusedNamingProperty() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> UpstreamTrust.of(cas("historian", ca("a")), catalog("head-end", "https://head-end:9100")))
			.withMessageContaining("keygate.gateway.upstream-tls.targets.historian.ca")
			.withMessageContaining("not in the catalogue");
	}

	@Test
	void ofWhenTargetUpstreamIsPlainHttpThenRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> UpstreamTrust.of(cas("head-end", ca("a")), catalog("head-end", "http://head-end:9100")))
			.withMessageContaining("keygate.gateway.upstream-tls.targets.head-end.ca")
			.withMessageContaining("not https");
	}

	@Test
	void ofWhenCaFileMissingOrNotACertificateThenRefused() throws Exception {
		TargetCatalog catalog = catalog("head-end", "https://head-end:9100");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> UpstreamTrust.of(cas("head-end", this.directory.resolve("none.crt").toString()), catalog))
			.withMessageContaining("cannot read");
		Path garbage = Files.writeString(this.directory.resolve("garbage.crt"), "not a certificate");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> UpstreamTrust.of(cas("head-end", garbage.toString()), catalog))
			.withMessageContaining("keygate.gateway.upstream-tls.targets.head-end.ca");
	}

	@Test
	void ofWhenTwoTargetsAtOneAddressNameDifferentCasThenRefused() {
		TargetCatalog catalog = catalog("head-end", "https://ot-host:443", "mdm", "https://ot-host");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> UpstreamTrust.of(cas("head-end", ca("a"), "mdm", ca("b")), catalog))
			.withMessageContaining("same address ot-host:443");
	}

	@Test
	void checkWithoutEngineThenRefusedRatherThanUncheckedHostName() {
		UpstreamTrust trust = UpstreamTrust.of(cas("head-end", ca("a")), catalog("head-end", "https://head-end:9100"));
		assertThat(trust.configuredAddresses()).isEqualTo(1);
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> trust.checkServerTrusted(new X509Certificate[0], "EC"))
			.isInstanceOf(CertificateException.class);
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> trust.checkClientTrusted(new X509Certificate[0], "EC",
				(javax.net.ssl.SSLEngine) null)).isInstanceOf(CertificateException.class);
	}

}
