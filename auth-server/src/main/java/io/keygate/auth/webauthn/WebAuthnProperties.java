package io.keygate.auth.webauthn;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * WebAuthn relying-party settings ({@code keygate.webauthn.*}). The relying-party id and the
 * allowed origins have no default: a wrong one would let another site's ceremonies through or
 * make every key fail, so start-up stops when they are missing.
 *
 * @param rpId the relying-party id (a registrable domain, e.g. {@code keygate.example.org})
 * @param rpName the name shown by the browser
 * @param origins the exact origins ceremonies may come from (scheme://host[:port])
 * @param challengeTimeout how long a challenge may be answered; older answers are refused
 * @param aaguidAllowList when not empty, only these authenticator models may register
 * @param trust where attestation trust comes from
 * @param allowChromiumVirtualAuthenticator development only: trust Chromium's virtual
 * authenticator (its batch attestation certificate), so that browser tests and demos work
 * without a hardware key. Never in production: anybody can run that authenticator.
 * @param chromiumVirtualAuthenticatorCertificate optional PEM of Chromium's batch certificate;
 * when set, the switch above trusts that exact key instead of any certificate with the batch
 * subject
 */
@Validated
@ConfigurationProperties("keygate.webauthn")
public record WebAuthnProperties(@NotBlank String rpId, @NotBlank String rpName, @NotEmpty List<@NotBlank String> origins,
		@NotNull @DefaultValue("PT5M") Duration challengeTimeout, @DefaultValue List<UUID> aaguidAllowList,
		@Valid @NotNull @DefaultValue Trust trust, @DefaultValue("false") boolean allowChromiumVirtualAuthenticator,
		Path chromiumVirtualAuthenticatorCertificate) {

	public WebAuthnProperties {
		aaguidAllowList = aaguidAllowList == null ? List.of() : List.copyOf(aaguidAllowList);
		origins = List.copyOf(origins == null ? List.of() : origins);
		if (rpId != null && !rpId.isBlank()) {
			for (String origin : origins) {
				requireOriginUnderRpId(origin, rpId);
			}
		}
	}

	/**
	 * WebAuthn §5.1.3/§13.4.9: a ceremony from an origin whose host is not the RP ID or one of its
	 * subdomains can never succeed; better to stop at start-up than to refuse every key later.
	 */
	private static void requireOriginUnderRpId(String origin, String rpId) {
		java.net.URI uri;
		try {
			uri = java.net.URI.create(origin);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("keygate.webauthn.origins entry '" + origin + "' is not a URL", ex);
		}
		String host = uri.getHost();
		if (uri.getScheme() == null || host == null || uri.getPath() != null && !uri.getPath().isEmpty()) {
			throw new IllegalArgumentException(
					"keygate.webauthn.origins entry '" + origin + "' must be scheme://host[:port] with nothing after it");
		}
		if (!host.equals(rpId) && !host.endsWith("." + rpId)) {
			throw new IllegalArgumentException("keygate.webauthn.origins entry '" + origin + "' is not on keygate.webauthn.rp-id '"
					+ rpId + "' (or a subdomain of it): every ceremony from it would fail");
		}
	}

	/**
	 * Attestation trust roots.
	 *
	 * @param rootsDirectory a directory of PEM files ({@code *.pem}, {@code *.crt}), each
	 * holding one or more root certificates of approved key vendors
	 * @param keyStore a key store (PKCS#12 or JKS) of root certificates
	 * @param keyStorePassword its password
	 * @param mdsBlob a FIDO Metadata Service (MDS3) BLOB file (a JWT), verified offline
	 * @param mdsTrustRoot the PEM root certificate the BLOB's signing chain must lead to
	 * @param mdsCrls PEM or DER CRL files for the BLOB's signing chain (revocation is checked)
	 * @param bundledRoots trust the vendor roots Keygate ships (OPERATING.md, "Bundled attestation
	 * roots"); no default: the quickstart sets {@code true}, the distributed configuration must
	 * choose this, its own roots or a BLOB, or start-up stops
	 */
	public record Trust(Path rootsDirectory, Path keyStore, String keyStorePassword, Path mdsBlob, Path mdsTrustRoot,
			@DefaultValue List<Path> mdsCrls, Boolean bundledRoots) {

		public Trust {
			mdsCrls = mdsCrls == null ? List.of() : List.copyOf(mdsCrls);
		}

	}

}
