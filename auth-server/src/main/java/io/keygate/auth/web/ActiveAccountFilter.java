package io.keygate.auth.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import io.keygate.auth.account.AccountRepository;
import io.keygate.auth.account.KeygateAuthentication;
import io.keygate.auth.account.KeygateUser;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.audit.Severity;

/**
 * Ends the session of a person who was cut off (disabled, all keys revoked, deleted) after they
 * signed in, on the very next request and on whichever replica holds the session: the account's
 * status and the instant its sessions were ended are read from the shared database and compared
 * with the session's sign-in time, so a session from before a cut-off never works again, also
 * not after the account is enabled again. Installed in the portal's chain and in the
 * authorization server's, so {@code /oauth2/authorize} cannot issue a code to such a session.
 * <p>
 * The request is not passed on: it is answered 401 {@link CommonRefusal#SESSION_ENDED} (a
 * problem document, or for a page the refusal page at {@link SessionEndedController#PATH}).
 */
public final class ActiveAccountFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(ActiveAccountFilter.class);

	private final AccountRepository accounts;

	private final AuditLog audit;

	private final Clock clock;

	public ActiveAccountFilter(AccountRepository accounts, AuditLog audit, Clock clock) {
		this.accounts = accounts;
		this.audit = audit;
		this.clock = clock;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof KeygateAuthentication keygate) {
			KeygateUser user = keygate.getPrincipal();
			AccountRepository.SessionStanding standing = this.accounts.sessionStanding(user.subject(), user.authTime());
			if (!standing.isValid()) {
				end(request, user, standing);
				refuse(request, response);
				return;
			}
		}
		chain.doFilter(request, response);
	}

	private void end(HttpServletRequest request, KeygateUser user, AccountRepository.SessionStanding standing) {
		SecurityContextHolder.clearContext();
		HttpSession session = request.getSession(false);
		if (session != null) {
			session.invalidate();
		}
		log.info("Session of {} ended on {} {}: {}", user.subject(), request.getMethod(), request.getRequestURI(), standing);
		this.audit.append(AuditEntry.builder(AuditAction.ACCOUNT_SESSION_REFUSED, this.clock.instant())
			.actor(user.subject())
			.organisation(user.organisation())
			.outcome("REFUSED")
			.reason(standing.name())
			.clientAddress(request.getRemoteAddr())
			.severity(Severity.WARNING)
			.detail("path", request.getRequestURI())
			.build());
	}

	private static void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
		if ("GET".equals(request.getMethod()) && RefusalAdvice.answersWithPage(request)) {
			response.sendRedirect(request.getContextPath() + SessionEndedController.PATH);
			return;
		}
		CommonRefusal refusal = CommonRefusal.SESSION_ENDED;
		response.setStatus(refusal.status().value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		// Constant strings only (no quoting needed): nothing of the request is echoed.
		response.getWriter()
			.write("{\"type\":\"about:blank\",\"title\":\"" + refusal.status().getReasonPhrase() + "\",\"status\":"
					+ refusal.status().value() + ",\"detail\":\"" + refusal.message() + "\",\"code\":\"" + refusal.code()
					+ "\"}");
	}

}
