package io.keygate.auth.web;

import java.io.IOException;
import java.nio.charset.Charset;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, before anything reads it, input the container or Spring cannot decode: a query or
 * form whose percent-encoded bytes are not UTF-8 (Tomcat throws when the parameters are first
 * read, which used to surface from a controller as a 500, or from the CSRF filter outside any
 * advice), and a {@code Content-Type} that is not one concrete media type with a known charset
 * ({@code *}{@code /*} or {@code application/*} made Spring throw an IllegalArgumentException, a
 * 500). Answers 400 {@code INVALID_INPUT} through {@link ErrorPageController}: a problem document,
 * or the refusal page for a browser. Runs right after the character-encoding filter, which must
 * have set UTF-8 first.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public final class RequestInputFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(RequestInputFilter.class);

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String problem = problem(request);
		if (problem != null) {
			log.info("{} {} refused: {}", request.getMethod(), request.getRequestURI(), problem);
			request.setAttribute(ErrorPageController.REFUSAL, CommonRefusal.INVALID_INPUT);
			response.sendError(CommonRefusal.INVALID_INPUT.status().value());
			return;
		}
		chain.doFilter(request, response);
	}

	private static String problem(HttpServletRequest request) {
		String contentType = request.getContentType();
		MediaType type = null;
		if (contentType != null) {
			try {
				type = MediaType.parseMediaType(contentType);
				if (type.isWildcardType() || type.isWildcardSubtype()) {
					return "wildcard Content-Type";
				}
				Charset charset = type.getCharset();
				if (charset == null && type.getParameter("charset") != null) {
					return "unknown charset";
				}
			}
			catch (IllegalArgumentException ex) {
				// InvalidMediaTypeException; an unknown or illegal charset name fails inside getCharset().
				return "unreadable Content-Type: " + ex.getMessage();
			}
		}
		boolean form = type != null && MediaType.APPLICATION_FORM_URLENCODED.equalsTypeAndSubtype(type);
		if (request.getQueryString() != null || form) {
			try {
				request.getParameterMap();
			}
			catch (IllegalStateException ex) {
				// Tomcat's InvalidParameterException: bytes that are not UTF-8, or too many parameters.
				return "undecodable parameters: " + ex.getMessage();
			}
		}
		return null;
	}

}
