package io.keygate.gateway.upstreamtls;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which certificate authorities the gateway trusts for each {@code https} target
 * ({@code keygate.gateway.upstream-tls.targets.<target>.ca}). A target that is not listed is verified
 * against the JVM's default trust store (public CAs), never against nothing: there is no setting
 * that turns verification off, and host-name verification is always on.
 *
 * @param targets per target id, where its CA bundle is
 */
@ConfigurationProperties("keygate.gateway.upstream-tls")
public record UpstreamTlsProperties(Map<String, TargetTls> targets) {

	public UpstreamTlsProperties {
		targets = targets == null ? Map.of() : Map.copyOf(targets);
	}

	/**
	 * One target's trust.
	 *
	 * @param ca a file holding one or more PEM certificates (the CA the target's certificate chains
	 * to), e.g. {@code /etc/keygate/tls/ot-ca.crt}; required for a listed target
	 */
	public record TargetTls(String ca) {
	}

}
