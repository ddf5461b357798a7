package io.keygate.auth.web;

import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageConversionException;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.converter.HttpMessageNotWritableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.ModelAndView;

import io.keygate.policy.grant.GrantStoreUnavailableException;

/**
 * The one place the auth server turns a failed call into an answer (STYLE convention 10). A JSON
 * endpoint ({@code @RestController} or {@code @ResponseBody}) gets an RFC 9457 problem document:
 * {@code status}, a generic {@code title}, {@code detail} = the person's sentence and {@code code}
 * = the refusal's code. A page gets the shared refusal page with the status. Only the refusal's
 * sentence reaches the client; the detail goes to the log (and, where the refusal was made, to
 * the audit chain).
 * <p>
 * Anything that is not a refusal or unreadable input is a bug: a 500 with nothing but a generic
 * title, and the stack trace in the log. In particular an {@link IllegalArgumentException} is
 * never a 400: input a client can get wrong is checked where it enters and refused by type.
 * Spring Security's own 401/403 happen in the filter chain and are answered in the same shape by
 * {@link ProblemResponses}; the container's (through {@code /error}) by {@link ErrorPageController}.
 */
@ControllerAdvice
public class RefusalAdvice {

	private static final Logger log = LoggerFactory.getLogger(RefusalAdvice.class);

	static final String PAGE = "access/refused";

	/** What a person who submitted a form with a field missing reads. */
	static final String INCOMPLETE_FORM = "The form was incomplete: please fill in every field.";

	@ExceptionHandler(RefusedException.class)
	Object refused(RefusedException ex, HttpServletRequest request) {
		log.info("{} {} refused ({}): {}", request.getMethod(), request.getRequestURI(), ex.refusal().name(), ex.detail());
		return answer(ex.refusal().status(), ex.refusal().code(), ex.userMessage(), HttpHeaders.EMPTY, request);
	}

	@ExceptionHandler({ HttpMessageNotReadableException.class, HttpMediaTypeNotSupportedException.class,
			MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class,
			MultipartException.class })
	Object unreadable(Exception ex, HttpServletRequest request) {
		log.info("{} {} unreadable: {}", request.getMethod(), request.getRequestURI(), ex.toString());
		if (ex instanceof MissingServletRequestParameterException && answersWithPage(request)) {
			return answer(CommonRefusal.INVALID_INPUT.status(), CommonRefusal.INVALID_INPUT.code(), INCOMPLETE_FORM,
					HttpHeaders.EMPTY, request);
		}
		return common(CommonRefusal.INVALID_INPUT, HttpHeaders.EMPTY, request);
	}

	/**
	 * A body no reader could turn into the handler's type, beyond plain syntax errors: e.g. YAML sent
	 * to a JSON endpoint reaches a converter that cannot build the argument. The client chose the
	 * content type, so it is unreadable input; a response that cannot be written stays a bug.
	 */
	@ExceptionHandler(HttpMessageConversionException.class)
	Object unconvertible(HttpMessageConversionException ex, HttpServletRequest request) {
		if (ex instanceof HttpMessageNotWritableException) {
			return unexpected(ex, request);
		}
		log.info("{} {} unconvertible: {}", request.getMethod(), request.getRequestURI(), ex.toString());
		return common(CommonRefusal.INVALID_INPUT, HttpHeaders.EMPTY, request);
	}

	@ExceptionHandler(HttpRequestMethodNotSupportedException.class)
	Object method(HttpRequestMethodNotSupportedException ex, HttpServletRequest request) {
		log.info("{} {} not supported", request.getMethod(), request.getRequestURI());
		return common(CommonRefusal.METHOD_NOT_ALLOWED, ex.getHeaders(), request);
	}

	@ExceptionHandler({ DataAccessException.class, GrantStoreUnavailableException.class })
	Object unavailable(RuntimeException ex, HttpServletRequest request) {
		log.error("{} {} failed on a store", request.getMethod(), request.getRequestURI(), ex);
		return common(CommonRefusal.UNAVAILABLE, HttpHeaders.EMPTY, request);
	}

	/**
	 * Not ours to answer: rethrown, the filter chain's entry point and access-denied handler answer
	 * 401/403 as they do for every other path.
	 */
	@ExceptionHandler({ AccessDeniedException.class, AuthenticationException.class })
	void security(RuntimeException ex) {
		throw ex;
	}

	/**
	 * Spring's own web exceptions that carry a client-error status (no such path, a failed
	 * {@code @Valid}, an unacceptable {@code Accept}...) keep that meaning; anything else is a bug.
	 */
	@ExceptionHandler(Exception.class)
	Object unexpected(Exception ex, HttpServletRequest request) {
		if (ex instanceof ErrorResponse error && error.getStatusCode().is4xxClientError()) {
			log.info("{} {} refused by Spring MVC: {}", request.getMethod(), request.getRequestURI(), ex.toString());
			return common(forClientError(error.getStatusCode().value()), error.getHeaders(), request);
		}
		log.error("{} {} failed (this is a bug)", request.getMethod(), request.getRequestURI(), ex);
		ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.INTERNAL_SERVER_ERROR);
		problem.setProperty("code", CommonRefusal.INTERNAL_ERROR.code());
		return respond(problem, CommonRefusal.INTERNAL_ERROR.message(), HttpHeaders.EMPTY, request);
	}

	private static CommonRefusal forClientError(int status) {
		return switch (status) {
			case 404 -> CommonRefusal.NOT_FOUND;
			case 405 -> CommonRefusal.METHOD_NOT_ALLOWED;
			case 406 -> CommonRefusal.NOT_ACCEPTABLE;
			default -> CommonRefusal.INVALID_INPUT;
		};
	}

	private static Object common(CommonRefusal refusal, HttpHeaders headers, HttpServletRequest request) {
		return answer(refusal.status(), refusal.code(), refusal.message(), headers, request);
	}

	private static Object answer(HttpStatus status, String code, String sentence, HttpHeaders headers,
			HttpServletRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, sentence);
		problem.setProperty("code", code);
		return respond(problem, sentence, headers, request);
	}

	private static Object respond(ProblemDetail problem, String sentence, HttpHeaders headers, HttpServletRequest request) {
		HttpStatus status = HttpStatus.valueOf(problem.getStatus());
		if (answersWithPage(request)) {
			return new ModelAndView(PAGE, Map.of("message", sentence), status);
		}
		return ResponseEntity.status(status).headers(headers).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	/**
	 * A page controller's method answers with a page; a JSON endpoint with a problem document.
	 * When no controller was found (an unknown path, a wrong method) the {@code Accept} header
	 * decides: only a client that names {@code text/html} gets the page.
	 */
	static boolean answersWithPage(HttpServletRequest request) {
		Object handler = request.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE);
		if (handler instanceof HandlerMethod method) {
			return !method.hasMethodAnnotation(ResponseBody.class)
					&& !AnnotatedElementUtils.hasAnnotation(method.getBeanType(), ResponseBody.class);
		}
		return acceptsHtml(request);
	}

	/** Whether the client names {@code text/html} (a browser asking for a page), wildcards aside. */
	static boolean acceptsHtml(HttpServletRequest request) {
		List<MediaType> accepted;
		try {
			accepted = MediaType.parseMediaTypes(request.getHeader(HttpHeaders.ACCEPT));
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
		return accepted.stream().anyMatch(type -> !type.isWildcardType() && type.isCompatibleWith(MediaType.TEXT_HTML));
	}

}
