package io.keygate.auth.evidence;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code keygate.evidence.*}: how evidence bundles are signed and where copies are kept.
 *
 * @param signingKeyFile a PEM file with the ECDSA P-256 {@code PRIVATE KEY} (PKCS#8) and its
 * {@code PUBLIC KEY}; without it (and without {@code signing-key-generate}) bundles are refused,
 * never signed with a key nobody chose
 * @param signingKeyGenerate create {@code signing-key-file} with a new key when it does not exist
 * (the embedded quickstart does; logged loudly). Default false: in distributed mode the key is
 * provisioned, and a replica must not invent its own
 * @param outputDir where a copy of every generated bundle is written (optional; the quickstart
 * uses its data folder's {@code evidence} directory)
 * @param defaultPeriod the period a report covers when none is chosen; default 90 days
 * @param maxPeriod the longest period one report may cover; default 400 days
 */
@ConfigurationProperties("keygate.evidence")
public record EvidenceProperties(Path signingKeyFile, boolean signingKeyGenerate, Path outputDir, Duration defaultPeriod,
		Duration maxPeriod) {

	public EvidenceProperties {
		defaultPeriod = defaultPeriod == null ? Duration.ofDays(90) : defaultPeriod;
		maxPeriod = maxPeriod == null ? Duration.ofDays(400) : maxPeriod;
		if (defaultPeriod.isNegative() || defaultPeriod.isZero() || defaultPeriod.compareTo(maxPeriod) > 0) {
			throw new IllegalArgumentException("keygate.evidence.default-period must be positive and at most "
					+ "keygate.evidence.max-period, was " + defaultPeriod);
		}
		if (signingKeyGenerate && signingKeyFile == null) {
			throw new IllegalArgumentException("keygate.evidence.signing-key-generate needs keygate.evidence.signing-key-file");
		}
	}

}
