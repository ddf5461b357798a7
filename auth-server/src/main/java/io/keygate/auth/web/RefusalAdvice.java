package io.keygate.auth.web;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import io.keygate.auth.webauthn.WebAuthnRefusedException;

/**
 * What a refused or malformed call answers: the status and one short sentence for the person,
 * never internals. The detail went to the log and the audit chain where the refusal was made.
 */
@RestControllerAdvice(basePackages = { "io.keygate.auth.webauthn", "io.keygate.auth.enrollment", "io.keygate.auth.keys",
		"io.keygate.auth.admin" })
public class RefusalAdvice {

	private static final Logger log = LoggerFactory.getLogger(RefusalAdvice.class);

	@ExceptionHandler(WebAuthnRefusedException.class)
	ResponseEntity<Map<String, String>> refused(WebAuthnRefusedException ex) {
		return ResponseEntity.status(ex.refusal().status())
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("error", ex.refusal().message()));
	}

	@ExceptionHandler(KeygateRequestException.class)
	ResponseEntity<Map<String, String>> badRequest(KeygateRequestException ex) {
		log.info("request refused ({}): {}", ex.status(), ex.getMessage());
		return ResponseEntity.status(ex.status()).contentType(MediaType.APPLICATION_JSON).body(Map.of("error", ex.userMessage()));
	}

	@ExceptionHandler({ HttpMessageNotReadableException.class, HttpMediaTypeNotSupportedException.class,
			IllegalArgumentException.class })
	ResponseEntity<Map<String, String>> unreadable(Exception ex) {
		log.info("unreadable request: {}", ex.getMessage());
		return ResponseEntity.status(HttpStatus.BAD_REQUEST)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("error", "The request could not be read."));
	}

}
