package io.keygate.auth.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

import io.keygate.auth.account.AccountRepository;
import io.keygate.auth.account.KeygateAuthentication;

/**
 * Ends the session of a person whose account was disabled (or whose keys were all revoked)
 * after they signed in: a security admin's "disable" must take effect on the next request, not
 * when the session happens to expire.
 */
final class ActiveAccountFilter extends OncePerRequestFilter {

	private final AccountRepository accounts;

	private final SecurityContextRepository securityContextRepository;

	ActiveAccountFilter(AccountRepository accounts, SecurityContextRepository securityContextRepository) {
		this.accounts = accounts;
		this.securityContextRepository = securityContextRepository;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof KeygateAuthentication keygate) {
			boolean active = this.accounts.findBySubject(keygate.getName()).map(account -> account.isActive()).orElse(false);
			if (!active) {
				SecurityContextHolder.clearContext();
				HttpSession session = request.getSession(false);
				if (session != null) {
					session.invalidate();
				}
			}
		}
		chain.doFilter(request, response);
	}

}
