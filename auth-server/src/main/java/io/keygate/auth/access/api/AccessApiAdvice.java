package io.keygate.auth.access.api;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import io.keygate.auth.web.RefusedException;
import io.keygate.policy.grant.GrantStoreUnavailableException;

/**
 * What a refused or unreadable API call answers: the status and one sentence for the person,
 * plus the machine-readable reason. The detail went to the log and the audit chain. Security
 * exceptions are left alone so that the filter chain answers 401/403 as everywhere else.
 */
@RestControllerAdvice(assignableTypes = AccessApiController.class)
public class AccessApiAdvice {

	private static final Logger log = LoggerFactory.getLogger(AccessApiAdvice.class);

	@ExceptionHandler(RefusedException.class)
	ResponseEntity<Map<String, String>> refused(RefusedException ex) {
		return json(ex.refusal().status(), ApiViews.error(ex.userMessage(), ex.refusal().name()));
	}

	@ExceptionHandler({ HttpMessageNotReadableException.class, HttpMediaTypeNotSupportedException.class,
			MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class,
			IllegalArgumentException.class })
	ResponseEntity<Map<String, String>> unreadable(Exception ex) {
		log.info("unreadable access API call: {}", ex.toString());
		return json(HttpStatus.BAD_REQUEST, ApiViews.error("The request could not be read.", "INVALID_INPUT"));
	}

	@ExceptionHandler(HttpRequestMethodNotSupportedException.class)
	ResponseEntity<Map<String, String>> method(HttpRequestMethodNotSupportedException ex) {
		return json(HttpStatus.METHOD_NOT_ALLOWED, ApiViews.error("This method is not supported here.", "METHOD_NOT_ALLOWED"));
	}

	@ExceptionHandler({ DataAccessException.class, GrantStoreUnavailableException.class })
	ResponseEntity<Map<String, String>> unavailable(RuntimeException ex) {
		log.error("access API call failed on a store", ex);
		return json(HttpStatus.SERVICE_UNAVAILABLE,
				ApiViews.error("Keygate could not reach its store. Nothing was changed; try again in a moment.", "UNAVAILABLE"));
	}

	private static ResponseEntity<Map<String, String>> json(HttpStatus status, Map<String, String> body) {
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
	}

}
