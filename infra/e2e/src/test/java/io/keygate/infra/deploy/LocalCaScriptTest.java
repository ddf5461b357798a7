package io.keygate.infra.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code infra/deploy/tls/make-local-ca.sh} makes what {@code compose.yaml} mounts: a CA, and for
 * every service a certificate that chains to it and names the service (the host name its clients
 * verify), with a key only its owner may read.
 */
class LocalCaScriptTest {

	private static final Path SCRIPT = Path.of("..", "deploy", "tls", "make-local-ca.sh");

	@TempDir
	Path out;

	private static X509Certificate read(Path file) throws Exception {
		try (InputStream in = Files.newInputStream(file)) {
			return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
		}
	}

	private static List<String> names(X509Certificate certificate) throws Exception {
		List<String> names = new ArrayList<>();
		for (List<?> name : certificate.getSubjectAlternativeNames()) {
			names.add(String.valueOf(name.get(1)));
		}
		return names;
	}

	@Test
	void scriptWhenRunThenEveryServiceCertificateChainsToTheCaAndNamesTheService() throws Exception {
		Process process = new ProcessBuilder("sh", SCRIPT.toString(), this.out.toString()).redirectErrorStream(true).start();
		assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("script finished").isTrue();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.exitValue()).as(output).isZero();

		X509Certificate ca = read(this.out.resolve("ca.crt"));
		assertThat(ca.getBasicConstraints()).as("the CA is a CA").isGreaterThanOrEqualTo(0);
		for (String service : List.of("auth-server", "gateway", "postgres", "redis", "head-end", "mdm", "scada-historian")) {
			X509Certificate certificate = read(this.out.resolve(service + ".crt"));
			certificate.verify(ca.getPublicKey());
			certificate.checkValidity();
			assertThat(certificate.getBasicConstraints()).as(service + " is not a CA").isEqualTo(-1);
			assertThat(certificate.getExtendedKeyUsage()).as(service + " serves TLS").contains("1.3.6.1.5.5.7.3.1");
			assertThat(Files.getPosixFilePermissions(this.out.resolve(service + ".key")))
				.as(service + ".key readable by its owner only")
				.containsOnly(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
		}
		assertThat(names(read(this.out.resolve("auth-server.crt")))).contains("auth-server", "keygate.example.test");
		assertThat(names(read(this.out.resolve("gateway.crt")))).contains("gateway-a", "gateway-b", "gateway.keygate.example.test");
		assertThat(names(read(this.out.resolve("postgres.crt")))).containsExactly("postgres");
		assertThat(names(read(this.out.resolve("redis.crt")))).containsExactly("redis");
		assertThat(Files.readString(this.out.resolve("binding-type"))).isEqualTo("ca-certificates");
	}

	@Test
	void scriptWhenExtraNamesGivenThenEveryCertificateNamesThemOnceBesideItsService() throws Exception {
		ProcessBuilder builder = new ProcessBuilder("sh", SCRIPT.toString(), this.out.toString()).redirectErrorStream(true);
		builder.environment().put("EXTRA_NAMES", "localhost 127.0.0.1");
		Process process = builder.start();
		assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("script finished").isTrue();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.exitValue()).as(output).isZero();

		assertThat(names(read(this.out.resolve("redis.crt")))).containsExactly("redis", "localhost", "127.0.0.1");
		assertThat(names(read(this.out.resolve("postgres.crt")))).containsExactly("postgres", "localhost", "127.0.0.1");
		// Named already: not twice.
		assertThat(names(read(this.out.resolve("auth-server.crt")))).containsExactly("auth-server", "keygate.example.test",
				"localhost", "127.0.0.1");
	}

}
