package io.keygate.auth.access;

import io.keygate.auth.account.AccountRepository;
import io.keygate.auth.account.UserStatus;

/**
 * How the approvers' lists name the state of the person next to a request or grant ("active",
 * "disabled", "without keys", "removed"), so that a cut-off shows wherever the person appears.
 */
public final class AccountStates {

	private final AccountRepository accounts;

	public AccountStates(AccountRepository accounts) {
		this.accounts = accounts;
	}

	/** The label of {@code subject}'s account; an account that does not exist reads as removed. */
	public String label(String subject) {
		return this.accounts.findBySubject(subject).map(account -> account.status()).orElse(UserStatus.DELETED).label();
	}

	public boolean isActive(String subject) {
		return this.accounts.findBySubject(subject).map(account -> account.isActive()).orElse(false);
	}

}
