package io.keygate.auth.alert;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import io.keygate.auth.account.KeygateAuthentication;
import io.keygate.auth.account.KeygateUser;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.decoy.HoneytokenRegistry;
import io.keygate.policy.decoy.Tripwire;

/**
 * Honeytokens presented at the auth server (any header, the path or the query string: where a
 * stolen API key gets pasted). The trip is chained at once as a CRITICAL entry carrying the alert
 * convention; the detection runner raises the alert and cuts the person off. A signed-in person's
 * session here ends now and they get the answer of a path that does not exist; a request nobody
 * signed in goes on to the answer it would have had anyway.
 * <p>
 * Not a bean of type {@link Filter} (the container would also run it outside the security chain,
 * before the sign-in is known): {@link #filter()} is added to the chain after the security context.
 */
public final class HoneytokenTripwire {

	private static final Logger log = LoggerFactory.getLogger(HoneytokenTripwire.class);

	private final HoneytokenRegistry registry;

	private final AuditLog audit;

	private final Clock clock;

	public HoneytokenTripwire(HoneytokenRegistry registry, AuditLog audit, Clock clock) {
		this.registry = registry;
		this.audit = audit;
		this.clock = clock;
	}

	public Filter filter() {
		return new OncePerRequestFilter() {
			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
					throws ServletException, IOException {
				if (!HoneytokenTripwire.this.registry.isEmpty() && trip(request)) {
					response.sendError(HttpServletResponse.SC_NOT_FOUND);
					return;
				}
				chain.doFilter(request, response);
			}
		};
	}

	/** True when a signed-in person presented a honeytoken (and must be refused now). */
	boolean trip(HttpServletRequest request) {
		Optional<String> token = this.registry.firstPresented(presentedValues(request));
		if (token.isEmpty()) {
			return false;
		}
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		KeygateUser user = authentication instanceof KeygateAuthentication keygate ? keygate.getPrincipal() : null;
		String subject = user == null ? "" : user.subject();
		String organisation = user == null ? "" : user.organisation();
		log.warn("HONEYTOKEN {} presented at the auth server by '{}' from {} on {} {}", token.get(), subject,
				request.getRemoteAddr(), request.getMethod(), request.getRequestURI());
		try {
			this.audit.append(Tripwire.honeytoken(this.clock.instant(), subject, organisation, "", token.get())
				.clientAddress(request.getRemoteAddr())
				.detail("method", request.getMethod())
				.detail("path", request.getRequestURI())
				.build());
		}
		catch (RuntimeException ex) {
			log.error("Audit of honeytoken {} presented by '{}' failed", token.get(), subject, ex);
		}
		if (user == null) {
			return false;
		}
		SecurityContextHolder.clearContext();
		HttpSession session = request.getSession(false);
		if (session != null) {
			session.invalidate();
		}
		return true;
	}

	private static List<String> presentedValues(HttpServletRequest request) {
		List<String> values = new ArrayList<>();
		for (String name : Collections.list(request.getHeaderNames())) {
			values.addAll(Collections.list(request.getHeaders(name)));
		}
		values.add(request.getRequestURI());
		if (request.getQueryString() != null) {
			values.add(request.getQueryString());
		}
		return values;
	}

}
