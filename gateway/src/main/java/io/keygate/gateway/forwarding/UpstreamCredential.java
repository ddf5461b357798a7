package io.keygate.gateway.forwarding;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The credential the gateway presents to one target's upstream, so that vendors never hold
 * head-end passwords. Bound from {@code keygate.gateway.upstream-credentials.<target>.*}:
 * {@code kind} ({@code basic}, {@code bearer} or {@code header}), {@code username} (basic),
 * {@code header} (the header name, for {@code header}), and the secret either as {@code secret}
 * (meant to be an environment placeholder such as {@code ${HEAD_END_PASSWORD}}) or as
 * {@code secret-file} (a mounted secret, read once at start-up, trailing newline dropped).
 */
public record UpstreamCredential(Kind kind, String username, String header, String secret, Path secretFile) {

	private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9-]{1,64}");

	public enum Kind {
		BASIC, BEARER, HEADER
	}

	public UpstreamCredential {
		if (kind == null) {
			throw new IllegalArgumentException("an upstream credential needs 'kind' (basic, bearer or header)");
		}
		boolean inline = secret != null && !secret.isEmpty();
		if (inline == (secretFile != null)) {
			throw new IllegalArgumentException("an upstream credential needs exactly one of 'secret' or 'secret-file'");
		}
		if (kind == Kind.BASIC && (username == null || username.isBlank() || username.contains(":"))) {
			throw new IllegalArgumentException("a basic upstream credential needs a 'username' without ':'");
		}
		if (kind == Kind.HEADER && (header == null || !HEADER_NAME.matcher(header).matches())) {
			throw new IllegalArgumentException("a header upstream credential needs a valid 'header' name");
		}
		if (kind == Kind.HEADER && header.equalsIgnoreCase("Cookie")) {
			throw new IllegalArgumentException("a header upstream credential cannot be a Cookie");
		}
	}

	/** The header name to set. */
	public String headerName() {
		return this.kind == Kind.HEADER ? this.header : "Authorization";
	}

	/** The header value to set, reading the secret file when there is one. */
	public String headerValue() {
		String value = resolveSecret();
		if (value.isEmpty() || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
			throw new IllegalStateException("upstream secret is empty or has control characters");
		}
		switch (this.kind) {
			case BASIC:
				return "Basic " + Base64.getEncoder()
					.encodeToString((this.username + ":" + value).getBytes(StandardCharsets.UTF_8));
			case BEARER:
				return "Bearer " + value;
			default:
				return value;
		}
	}

	private String resolveSecret() {
		if (this.secretFile == null) {
			return this.secret;
		}
		try {
			return Files.readString(this.secretFile, StandardCharsets.UTF_8).strip();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read upstream secret file " + this.secretFile, ex);
		}
	}

	/** Never prints the secret: this record ends up in logs and failure messages. */
	@Override
	public String toString() {
		return "UpstreamCredential[kind=" + this.kind + ", username=" + this.username + ", header=" + this.header
				+ ", secret=" + (this.secretFile != null ? "file " + this.secretFile : "(hidden)") + "]";
	}

}
