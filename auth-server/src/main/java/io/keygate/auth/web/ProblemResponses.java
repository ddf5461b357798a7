package io.keygate.auth.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.csrf.CsrfException;

import tools.jackson.databind.json.JsonMapper;

/**
 * Spring Security's own refusals in the shape {@link RefusalAdvice} gives every other refusal:
 * an RFC 9457 problem document with a {@code code} for JSON callers. They happen in the filter
 * chain, before any controller, so the advice never sees them; without this they were an empty
 * 401 and Boot's error JSON for 403. A page request that is denied gets the refusal page (through
 * {@link ErrorPageController}); an unauthenticated page request keeps its redirect to sign-in.
 */
public final class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final AccessDeniedHandler pages = new AccessDeniedHandlerImpl();

	/** Unauthenticated call of a JSON endpoint: 401 {@code SIGN_IN_AGAIN}. */
	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		log.info("{} {} unauthenticated: {}", request.getMethod(), request.getRequestURI(), ex.toString());
		write(request, response, CommonRefusal.SIGN_IN_AGAIN);
	}

	/** A missing or stale CSRF token: 403 {@code CSRF_INVALID}; any other denial: 403 {@code NOT_ALLOWED}. */
	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
			throws IOException, jakarta.servlet.ServletException {
		Refusal refusal = ex instanceof CsrfException ? CommonRefusal.CSRF_INVALID : CommonRefusal.NOT_ALLOWED;
		log.info("{} {} denied ({}): {}", request.getMethod(), request.getRequestURI(), refusal.name(), ex.toString());
		if (RefusalAdvice.acceptsHtml(request)) {
			request.setAttribute(ErrorPageController.REFUSAL, refusal);
			this.pages.handle(request, response, ex);
			return;
		}
		write(request, response, refusal);
	}

	static void write(HttpServletRequest request, HttpServletResponse response, Refusal refusal) throws IOException {
		if (response.isCommitted()) {
			return;
		}
		response.setStatus(refusal.status().value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getOutputStream().write(JSON.writeValueAsBytes(document(refusal.status().value(), refusal,
				refusal.message(), request.getRequestURI())));
	}

	/** The fields {@code ProblemDetail} has on the wire, plus our {@code code}. */
	static Map<String, Object> document(int status, Refusal refusal, String detail, String instance) {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		org.springframework.http.HttpStatus known = org.springframework.http.HttpStatus.resolve(status);
		problem.put("title", known == null ? "Error" : known.getReasonPhrase());
		problem.put("status", status);
		problem.put("detail", detail);
		if (instance != null) {
			problem.put("instance", instance);
		}
		problem.put("code", refusal.code());
		return problem;
	}

}
