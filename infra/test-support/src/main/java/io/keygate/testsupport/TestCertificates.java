package io.keygate.testsupport;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Test certificate authorities made on the fly (BouncyCastle, test scope only). */
public final class TestCertificates {

	private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

	private TestCertificates() {
	}

	/** A key pair and its certificate. */
	public record Issued(KeyPair keyPair, X509Certificate certificate) {
	}

	public static KeyPair ecKeyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			return generator.generateKeyPair();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static Issued selfSignedCa(String dn) {
		KeyPair keyPair = ecKeyPair();
		return new Issued(keyPair, certificate(dn, keyPair, new X500Name(dn), keyPair.getPrivate(), null, true));
	}

	/** An RSA end-entity certificate (the real FIDO MDS signs its BLOB with RS256). */
	/** A self-signed end-entity certificate (basic constraints CA=false), like an attestation batch certificate. */
	public static Issued selfSignedLeaf(String dn) {
		KeyPair keyPair = ecKeyPair();
		return new Issued(keyPair, certificate(dn, keyPair, new X500Name(dn), keyPair.getPrivate(), null, false));
	}

	public static Issued issueRsa(Issued issuer, String dn) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			KeyPair keyPair = generator.generateKeyPair();
			return new Issued(keyPair, certificate(dn, keyPair, issuerName(issuer),
					issuer.keyPair().getPrivate(), issuer.certificate(), false));
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static Issued issue(Issued issuer, String dn, boolean ca) {
		KeyPair keyPair = ecKeyPair();
		return new Issued(keyPair, certificate(dn, keyPair, issuerName(issuer), issuer.keyPair().getPrivate(),
				issuer.certificate(), ca));
	}

	/** The issuer's name exactly as encoded in its certificate (string round trips reorder RDNs). */
	private static X500Name issuerName(Issued issuer) {
		return X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
	}

	private static X509Certificate certificate(String dn, KeyPair subjectKeys, X500Name issuerName, PrivateKey issuerKey,
			X509Certificate issuerCertificate, boolean ca) {
		try {
			Instant now = Instant.now();
			JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName,
					BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(now.minus(Duration.ofDays(1))),
					Date.from(now.plus(Duration.ofDays(365))), new X500Name(dn), subjectKeys.getPublic());
			JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
			builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKeys.getPublic()));
			if (issuerCertificate != null) {
				builder.addExtension(Extension.authorityKeyIdentifier, false,
						utils.createAuthorityKeyIdentifier(issuerCertificate.getPublicKey()));
			}
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
			if (ca) {
				builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
			}
			ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey);
			return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** An empty CRL of {@code issuer}: "nothing revoked", which revocation checking needs to see. */
	public static X509CRL emptyCrl(Issued issuer) {
		try {
			Instant now = Instant.now();
			X509v2CRLBuilder builder = new X509v2CRLBuilder(issuerName(issuer),
					Date.from(now.minus(Duration.ofHours(1))));
			builder.setNextUpdate(Date.from(now.plus(Duration.ofDays(30))));
			ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.keyPair().getPrivate());
			return new JcaX509CRLConverter().getCRL(builder.build(signer));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
