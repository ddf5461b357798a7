package io.keygate.gateway.transcript;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * What the gateway keeps of request bodies for session transcripts ({@code keygate.gateway.transcript.*}).
 * Only targets whose catalogue entry says {@code transcript-bodies: true} are concerned.
 *
 * @param maxBody how much of each body is kept (1 byte to 2 KB, default 2 KB): the body rides in
 * the completion's audit entry to the auth server, which bounds each entry
 * @param redactFields JSON and form field names whose values are replaced (compared without case);
 * the defaults cover passwords, PINs, secrets, tokens and keys. Setting the list replaces the
 * defaults, so keep them in it.
 * @param sealingPublicKey a PEM RSA public key (at least 2048 bits): when set, bodies are sealed to
 * it and no Keygate server can read them back; the utility keeps the private key
 */
@Validated
@ConfigurationProperties("keygate.gateway.transcript")
public record TranscriptProperties(@DefaultValue("2KB") DataSize maxBody,
		@DefaultValue({ "password", "passwd", "pass", "pwd", "pin", "secret", "client_secret", "token", "access_token",
				"refresh_token", "id_token", "api_key", "apikey", "authorization", "private_key", "otp",
				"credential" }) List<String> redactFields,
		String sealingPublicKey) {

	public static final long MAX_BODY_LIMIT = 2048;

	public TranscriptProperties {
		if (maxBody.toBytes() < 1 || maxBody.toBytes() > MAX_BODY_LIMIT) {
			throw new IllegalArgumentException(
					"keygate.gateway.transcript.max-body must be between 1 byte and 2KB, was " + maxBody);
		}
		if (redactFields.isEmpty() || redactFields.stream().anyMatch(field -> field == null || field.isBlank())) {
			throw new IllegalArgumentException("keygate.gateway.transcript.redact-fields must list at least one non-blank name");
		}
		redactFields = List.copyOf(redactFields);
		sealingPublicKey = sealingPublicKey == null || sealingPublicKey.isBlank() ? null : sealingPublicKey;
	}

}
