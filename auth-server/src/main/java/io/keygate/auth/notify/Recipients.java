package io.keygate.auth.notify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.keygate.auth.account.AccountRepository;
import io.keygate.auth.account.UserAccount;
import io.keygate.policy.identity.Role;
import io.keygate.policy.request.AccessRequest;

/**
 * Who is told: the approvers who could decide a request right now (active, the right role, not
 * of the requester's organisation, not the requester: policy's own review check says so), the
 * requester, every approver and admin for a break-glass opening.
 */
public final class Recipients {

	/** Deliberately narrow: one address, no display name, no comma, no angle brackets, no line break (header injection). */
	private static final Pattern MAIL = Pattern.compile("[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9-]{1,63}(\\.[A-Za-z0-9-]{1,63})*");

	private final AccountRepository accounts;

	public Recipients(AccountRepository accounts) {
		this.accounts = accounts;
	}

	public static boolean isMailAddress(String value) {
		return value != null && value.length() <= 254 && MAIL.matcher(value).matches();
	}

	/** Active people whose review of {@code request} policy would accept now, with a usable address. */
	public List<UserAccount> deciders(AccessRequest request, Instant now) {
		List<UserAccount> deciders = new ArrayList<>();
		for (UserAccount account : this.accounts.findAll()) {
			if (account.isActive() && request.reviewRefusal(account.actor(), now).isEmpty() && isMailAddress(account.email())) {
				deciders.add(account);
			}
		}
		return deciders;
	}

	/** Every active approver and security admin with a usable address. */
	public List<UserAccount> approversAndAdmins() {
		return this.accounts.findAll()
			.stream()
			.filter(UserAccount::isActive)
			.filter(a -> a.roles().contains(Role.APPROVER) || a.roles().contains(Role.SECURITY_ADMIN))
			.filter(a -> isMailAddress(a.email()))
			.toList();
	}

	/** The person's address, when they have a usable one. */
	public java.util.Optional<String> addressOf(String subject) {
		return this.accounts.findBySubject(subject).map(UserAccount::email).filter(Recipients::isMailAddress);
	}

}
