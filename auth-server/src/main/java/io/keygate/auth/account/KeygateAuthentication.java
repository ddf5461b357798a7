package io.keygate.auth.account;

import java.util.ArrayList;
import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
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
		super(authorities(user));
		this.user = user;
		setAuthenticated(true);
	}

	/**
	 * {@code ROLE_*} per role, plus Spring Security's WebAuthn factor authority stamped with the
	 * sign-in time: the authorization server reads {@code auth_time} from it.
	 */
	private static List<GrantedAuthority> authorities(KeygateUser user) {
		List<GrantedAuthority> authorities = new ArrayList<>();
		user.roles().stream().map(Role::name).sorted().forEach(role -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role)));
		authorities.add(FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.WEBAUTHN_AUTHORITY)
			.issuedAt(user.authTime())
			.build());
		return authorities;
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
