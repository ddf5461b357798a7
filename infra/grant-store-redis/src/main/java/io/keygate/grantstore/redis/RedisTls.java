package io.keygate.grantstore.redis;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.SslOptions;

/**
 * Which CA a {@code rediss://} connection's server certificate must chain to: the PEM file in
 * {@code keygate.grant-store.redis-ca}, or, when none is given, the JVM's default trust store. The
 * peer is always verified in full (chain and host name: Lettuce's default for {@code rediss://},
 * which Keygate never relaxes; a URL asking for less, {@code verifyPeer=NONE} or {@code CA}, is refused).
 *
 * @param ca the CA bundle, or null for the JVM's trust store
 */
public record RedisTls(Path ca) {

	/** The property the CA is read from (both applications). */
	public static final String PROPERTY = GrantStoreSettings.PREFIX + ".redis-ca";

	public RedisTls {
		if (ca != null && !Files.isReadable(ca)) {
			throw new IllegalArgumentException(PROPERTY + ": cannot read the CA file " + ca);
		}
	}

	/** Trust the JVM's default trust store. */
	public static RedisTls jvmDefault() {
		return new RedisTls(null);
	}

	/** The TLS settings of {@code settings}. */
	public static RedisTls of(GrantStoreSettings settings) {
		return settings.redisCa() == null || settings.redisCa().isBlank() ? jvmDefault() : new RedisTls(Path.of(settings.redisCa()));
	}

	/** {@code options} with this CA (unchanged for the JVM default). */
	public ClientOptions apply(ClientOptions options) {
		if (this.ca == null) {
			return options;
		}
		File file = this.ca.toFile();
		return options.mutate().sslOptions(SslOptions.builder().jdkSslProvider().trustManager(file).build()).build();
	}

	/** Refuses a URL that asks Lettuce to verify the peer less than fully. */
	public static void requireFullVerification(io.lettuce.core.RedisURI uri) {
		if (uri.isSsl() && uri.getVerifyMode() != io.lettuce.core.SslVerifyMode.FULL) {
			throw new IllegalArgumentException("The Redis URL asks for TLS without full peer verification (verifyPeer="
					+ uri.getVerifyMode() + "); Keygate requires the certificate and host name to verify");
		}
	}

}
