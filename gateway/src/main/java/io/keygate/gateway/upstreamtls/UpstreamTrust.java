package io.keygate.gateway.upstreamtls;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

import io.keygate.policy.catalog.Target;
import io.keygate.policy.catalog.TargetCatalog;

/**
 * The trust manager of the gateway's upstream client: a server certificate is checked against the
 * CA configured for the target at that host and port, or the JVM's default trust store when none is
 * configured. One HTTP client serves every target, so the choice is made per handshake from the
 * address the engine was opened for; the JDK's PKIX trust manager then verifies the chain and, because
 * the engine asks for {@code HTTPS} endpoint identification, the host name. Nothing here accepts a
 * certificate the delegate refuses.
 */
public final class UpstreamTrust extends X509ExtendedTrustManager {

	private final Map<String, X509ExtendedTrustManager> byAddress;

	private final X509ExtendedTrustManager fallback;

	private UpstreamTrust(Map<String, X509ExtendedTrustManager> byAddress, X509ExtendedTrustManager fallback) {
		this.byAddress = Map.copyOf(byAddress);
		this.fallback = fallback;
	}

	/**
	 * The trust for {@code catalog}'s targets. Refuses (naming the property) a CA for a target that is
	 * not in the catalogue or not {@code https}, a missing or empty CA file, and two targets at one
	 * address with different CAs (one handshake cannot tell them apart).
	 */
	public static UpstreamTrust of(UpstreamTlsProperties properties, TargetCatalog catalog) {
		Map<String, X509ExtendedTrustManager> byAddress = new HashMap<>();
		Map<String, String> caByAddress = new HashMap<>();
		properties.targets().forEach((targetId, tls) -> {
			String property = "keygate.gateway.upstream-tls.targets." + targetId + ".ca";
			Target target = catalog.find(targetId)
				.orElseThrow(() -> new IllegalArgumentException(property + " names a target that is not in the catalogue"));
			URI upstream = target.upstream();
			if (!"https".equals(upstream.getScheme())) {
				throw new IllegalArgumentException(property + " is set but the target's upstream is not https: " + upstream);
			}
			if (tls == null || tls.ca() == null || tls.ca().isBlank()) {
				throw new IllegalArgumentException(property + " is required (a PEM file of the CA the target's certificate chains to)");
			}
			String address = address(upstream.getHost(), port(upstream));
			String earlier = caByAddress.putIfAbsent(address, tls.ca());
			if (earlier != null && !earlier.equals(tls.ca())) {
				throw new IllegalArgumentException(property + " differs from another target's CA at the same address " + address
						+ ": one TLS handshake cannot tell the two targets apart");
			}
			byAddress.put(address, trusting(readCertificates(Path.of(tls.ca()), property)));
		});
		return new UpstreamTrust(byAddress, defaultTrust());
	}

	/** The number of addresses with a CA of their own (for the start-up log). */
	public int configuredAddresses() {
		return this.byAddress.size();
	}

	private static int port(URI upstream) {
		return upstream.getPort() == -1 ? 443 : upstream.getPort();
	}

	private static String address(String host, int port) {
		return host.toLowerCase(java.util.Locale.ROOT) + ":" + port;
	}

	private X509ExtendedTrustManager forEngine(SSLEngine engine) {
		if (engine == null || engine.getPeerHost() == null) {
			return this.fallback;
		}
		return this.byAddress.getOrDefault(address(engine.getPeerHost(), engine.getPeerPort()), this.fallback);
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
		forEngine(engine).checkServerTrusted(chain, authType, engine);
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
		// The client is Netty's (engines only); a socket-based check has no address to choose by.
		throw new CertificateException("Upstream certificates are only checked on an SSLEngine");
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		// Without the engine there is no host to verify the certificate against: refuse rather than skip it.
		throw new CertificateException("Upstream certificates are only checked with their host name");
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
		throw new CertificateException("The gateway's upstream client does not accept client certificates");
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
		throw new CertificateException("The gateway's upstream client does not accept client certificates");
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		throw new CertificateException("The gateway's upstream client does not accept client certificates");
	}

	@Override
	public X509Certificate[] getAcceptedIssuers() {
		List<X509Certificate> issuers = new ArrayList<>(List.of(this.fallback.getAcceptedIssuers()));
		this.byAddress.values().forEach(manager -> issuers.addAll(List.of(manager.getAcceptedIssuers())));
		return issuers.toArray(X509Certificate[]::new);
	}

	static List<X509Certificate> readCertificates(Path file, String property) {
		try (InputStream in = Files.newInputStream(file)) {
			List<X509Certificate> certificates = new ArrayList<>();
			for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
				certificates.add((X509Certificate) certificate);
			}
			if (certificates.isEmpty()) {
				throw new IllegalArgumentException(property + ": " + file + " holds no PEM certificate");
			}
			return certificates;
		}
		catch (IOException ex) {
			throw new IllegalArgumentException(property + ": cannot read " + file + " (" + ex.getMessage() + ")", ex);
		}
		catch (CertificateException ex) {
			throw new IllegalArgumentException(property + ": " + file + " is not a PEM certificate bundle (" + ex.getMessage() + ")", ex);
		}
	}

	private static X509ExtendedTrustManager trusting(List<X509Certificate> certificates) {
		try {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			for (int i = 0; i < certificates.size(); i++) {
				store.setCertificateEntry("ca-" + i, certificates.get(i));
			}
			return pkix(store);
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException("Could not build a trust store of " + certificates.size() + " CA certificates", ex);
		}
	}

	private static X509ExtendedTrustManager defaultTrust() {
		try {
			return pkix(null);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("The JVM's default trust store cannot be loaded", ex);
		}
	}

	private static X509ExtendedTrustManager pkix(KeyStore store) throws GeneralSecurityException {
		TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
		factory.init(store);
		for (TrustManager manager : factory.getTrustManagers()) {
			if (manager instanceof X509ExtendedTrustManager extended) {
				return extended;
			}
		}
		throw new IllegalStateException("The PKIX trust manager factory gave no X509ExtendedTrustManager (this is a bug)");
	}

	@Override
	public String toString() {
		return "UpstreamTrust" + this.byAddress.keySet();
	}


}
