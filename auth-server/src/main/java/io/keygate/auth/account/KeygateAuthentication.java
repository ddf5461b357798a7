package io.keygate.auth.account;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import io.keygate.policy.identity.Role;

/**
 * A completed hardware-key sign-in. Roles become {@code ROLE_*} authorities so that
 * {@code hasRole("APPROVER")} works in request matchers and method security.
 */
public final class KeygateAuthentication extends AbstractAuthenticationToken {

	private static final long serialVersionUID = 1L;

	private final KeygateUser user;

	public KeygateAuthentication(KeygateUser user) {
		super(user.roles().stream().map(Role::name).sorted().map(role -> new SimpleGrantedAuthority("ROLE_" + role)).toList());
		this.user = user;
		setAuthenticated(true);
	}

	@Override
	public Object getCredentials() {
		return "";
	}

	@Override
	public KeygateUser getPrincipal() {
		return this.user;
	}

	@Override
	public String getName() {
		return this.user.subject();
	}

	public List<String> amr() {
		return this.user.amr();
	}

}
