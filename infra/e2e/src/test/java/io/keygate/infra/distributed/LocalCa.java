package io.keygate.infra.distributed;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.keygate.testsupport.ExternalCommand;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The certificates {@code infra/deploy/tls/make-local-ca.sh} makes for Compose, made by the script
 * itself, and handed out the way {@code compose.yaml} mounts them: per service a directory with
 * {@code tls.crt}, {@code tls.key} and {@code ca.crt} (what {@code /etc/keygate/tls/} holds in a
 * container). The services run on this host rather than on Compose's network, so the script is asked
 * to name {@code localhost} and {@code 127.0.0.1} in every certificate too ({@code EXTRA_NAMES});
 * clients verify host names all the same.
 */
final class LocalCa {

	/** Where the deployment's containers find their certificate, key and CA. */
	static final String MOUNT = "/etc/keygate/tls/";

	private static final String TRUST_STORE_PASSWORD = "changeit";

	private final Path directory;

	private LocalCa(Path directory) {
		this.directory = directory;
	}

	/** Runs the script into {@code directory} (a new CA there); fails with its output if it fails. */
	static LocalCa make(Path directory) {
		ExternalCommand.require("openssl", "version");
		Path script = DistributedJourney.DEPLOY.resolve("tls/make-local-ca.sh");
		ExternalCommand.Result made = ExternalCommand.shell(DistributedJourney.MODULE,
				"EXTRA_NAMES='localhost 127.0.0.1' sh '" + script + "' '" + directory + "'");
		assertThat(made.succeeded()).as("%s %s:%n%s", script, directory, made.output()).isTrue();
		return new LocalCa(directory);
	}

	/** {@code ca.crt}: what every client trusts. */
	Path caFile() {
		return this.directory.resolve("ca.crt");
	}

	Path certificate(String service) {
		return this.directory.resolve(service + ".crt");
	}

	Path key(String service) {
		return this.directory.resolve(service + ".key");
	}

	/** {@code service}'s certificate, key (owner-only) and the CA as Compose mounts them, in {@code mount}. */
	Path mount(String service, Path mount) throws IOException {
		Files.createDirectories(mount);
		Files.copy(certificate(service), mount.resolve("tls.crt"), StandardCopyOption.REPLACE_EXISTING);
		Path key = Files.copy(key(service), mount.resolve("tls.key"), StandardCopyOption.REPLACE_EXISTING);
		Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
		Files.copy(caFile(), mount.resolve("ca.crt"), StandardCopyOption.REPLACE_EXISTING);
		return mount;
	}

	/**
	 * A deployment configuration file ({@code infra/deploy/config/<name>}) copied into {@code work}
	 * with its {@value #MOUNT} replaced by {@code mount}: the file as deployed, only the directory moved.
	 */
	static Path deployedConfiguration(String name, Path mount, Path work) throws IOException {
		String deployed = Files.readString(DistributedJourney.DEPLOY.resolve("config").resolve(name), StandardCharsets.UTF_8);
		assertThat(deployed).as("%s reads its certificates from %s", name, MOUNT).contains(MOUNT);
		String local = deployed.replace(MOUNT, mount.toAbsolutePath() + "/");
		return Files.writeString(work.resolve(name), local, StandardCharsets.UTF_8);
	}

	/** A TLS client context that trusts this CA only (the test's browsers). */
	SSLContext sslContext() {
		try {
			TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trust.init(trustStore());
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, trust.getTrustManagers(), null);
			return context;
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException("cannot trust " + caFile(), ex);
		}
	}

	/**
	 * The JVM options that make this CA an application's trust store, for its HTTPS clients (OIDC
	 * between gateway and auth server): what Compose does with the image's {@code ca-certificates}
	 * binding. Writes the trust store into {@code work}.
	 */
	List<String> jvmTrustOptions(Path work) {
		Path file = work.resolve("local-ca-truststore.p12");
		try (OutputStream out = Files.newOutputStream(file)) {
			trustStore().store(out, TRUST_STORE_PASSWORD.toCharArray());
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException("cannot write a trust store of " + caFile(), ex);
		}
		return List.of("-Djavax.net.ssl.trustStore=" + file, "-Djavax.net.ssl.trustStoreType=PKCS12",
				"-Djavax.net.ssl.trustStorePassword=" + TRUST_STORE_PASSWORD);
	}

	private KeyStore trustStore() throws GeneralSecurityException, IOException {
		KeyStore store = KeyStore.getInstance("PKCS12");
		store.load(null, null);
		try (InputStream in = Files.newInputStream(caFile())) {
			store.setCertificateEntry("keygate-local-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
		}
		return store;
	}

	@Override
	public String toString() {
		return "local CA " + caFile();
	}

}
