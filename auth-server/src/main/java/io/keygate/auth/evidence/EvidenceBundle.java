package io.keygate.auth.evidence;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The signed evidence bundle: a zip of the report (HTML), its tables (CSV), the JSON, a
 * {@code MANIFEST} in {@code sha256sum} format naming every one of them with its SHA-256, the
 * detached ECDSA signature of the manifest ({@code MANIFEST.sig}, DER), the public key and the
 * instructions. The signature covers the manifest and the manifest covers every file, so changing
 * any byte of any file fails one of the two checks of {@link #VERIFY_COMMAND}.
 */
public final class EvidenceBundle {

	/** Run inside the unzipped bundle; prints "Verified OK" and one "OK" per file, or fails. */
	public static final String VERIFY_COMMAND = "openssl dgst -sha256 -verify evidence-public-key.pem -signature MANIFEST.sig MANIFEST"
			+ " && sha256sum -c MANIFEST";

	public static final String MANIFEST = "MANIFEST";

	public static final String SIGNATURE = "MANIFEST.sig";

	public static final String PUBLIC_KEY = "evidence-public-key.pem";

	private EvidenceBundle() {
	}

	public static byte[] build(EvidenceReport report, EvidenceSigningKey key) {
		Map<String, byte[]> files = new LinkedHashMap<>();
		files.put("report.html", utf8(EvidenceHtml.render(report)));
		files.put("evidence.json", utf8(EvidenceJson.render(report)));
		EvidenceCsv.tables(report).forEach((name, content) -> files.put(name, utf8(content)));
		StringBuilder manifest = new StringBuilder();
		files.forEach((name, bytes) -> manifest.append(sha256(bytes)).append("  ").append(name).append('\n'));
		byte[] manifestBytes = utf8(manifest.toString());
		Map<String, byte[]> all = new LinkedHashMap<>(files);
		all.put(MANIFEST, manifestBytes);
		all.put(SIGNATURE, key.sign(manifestBytes));
		all.put(PUBLIC_KEY, utf8(key.publicPem()));
		all.put("VERIFY.txt", utf8(instructions(key)));
		ByteArrayOutputStream zip = new ByteArrayOutputStream(64 * 1024);
		FileTime at = FileTime.from(report.generatedAt());
		try (ZipOutputStream out = new ZipOutputStream(zip, StandardCharsets.UTF_8)) {
			for (Map.Entry<String, byte[]> file : all.entrySet()) {
				ZipEntry entry = new ZipEntry(file.getKey());
				entry.setLastModifiedTime(at);
				out.putNextEntry(entry);
				out.write(file.getValue());
				out.closeEntry();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("writing the evidence bundle failed", ex);
		}
		return zip.toByteArray();
	}

	private static String instructions(EvidenceSigningKey key) {
		return """
				Keygate compliance evidence bundle

				To verify, unzip the bundle and, in its folder, run:

				  %s

				It prints "Verified OK" (the manifest was signed by the key in %s) and one "OK" per file
				(each file is the one the manifest names). Any changed byte makes one of the two fail.

				Then check that the key is the utility's: its SHA-256 fingerprint must be the one the utility
				published for evidence signing:

				  openssl pkey -pubin -in %s -outform DER | sha256sum

				This bundle's key fingerprint: %s
				""".formatted(VERIFY_COMMAND, PUBLIC_KEY, PUBLIC_KEY, key.fingerprint());
	}

	static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM (this is a bug)", ex);
		}
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
