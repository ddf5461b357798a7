package io.keygate.auth.web;

import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * What {@code /error} answers: the container's own refusals (an unparsable request line, a path
 * the firewall rejects, a {@code sendError} from a filter) in the shape {@link RefusalAdvice} gives
 * every other refusal, instead of Boot's error JSON or white-label page. Nothing from the failure
 * reaches the client (no exception, message or trace: Boot's error attributes are not used at
 * all); the failure itself is logged.
 */
@Controller
public final class ErrorPageController implements ErrorController {

	private static final Logger log = LoggerFactory.getLogger(ErrorPageController.class);

	/** A request attribute with the {@link Refusal} a filter already chose (e.g. a CSRF failure). */
	static final String REFUSAL = ErrorPageController.class.getName() + ".refusal";

	@RequestMapping("${server.error.path:/error}")
	Object error(HttpServletRequest request) {
		// Called directly, there is no error to show: as for any other path without a page.
		int status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code ? code : 404;
		if (status < 400 || status > 599) {
			status = 500;
		}
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		String instance = uri instanceof String text ? text : request.getRequestURI();
		Throwable failure = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
		Refusal refusal = request.getAttribute(REFUSAL) instanceof Refusal chosen ? chosen : forStatus(status);
		if (status >= 500) {
			log.error("{} answered {} through /error", instance, status, failure);
		}
		else {
			log.info("{} answered {} through /error{}", instance, status, failure == null ? "" : ": " + failure);
		}
		if (RefusalAdvice.acceptsHtml(request)) {
			return new ModelAndView(RefusalAdvice.PAGE, Map.of("message", refusal.message()), HttpStatus.valueOf(status));
		}
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(ProblemResponses.document(status, refusal, refusal.message(), instance));
	}

	static Refusal forStatus(int status) {
		return switch (status) {
			case 401 -> CommonRefusal.SIGN_IN_AGAIN;
			case 403 -> CommonRefusal.NOT_ALLOWED;
			case 404 -> CommonRefusal.NOT_FOUND;
			case 405 -> CommonRefusal.METHOD_NOT_ALLOWED;
			case 406 -> CommonRefusal.NOT_ACCEPTABLE;
			case 503 -> CommonRefusal.UNAVAILABLE;
			default -> status >= 500 ? CommonRefusal.INTERNAL_ERROR : CommonRefusal.INVALID_INPUT;
		};
	}

}
