package io.keygate.policy.identity;

/** What a person may do in Keygate. A person may hold several roles. */
public enum Role {
	/** Belongs to a vendor organisation; requests access and uses granted sessions. */
	VENDOR_ENGINEER,
	/** Utility staff; approves or denies requests, revokes grants, suspends vendors. */
	APPROVER,
	/** Utility staff; invites users, manages keys and targets, reads audit and alerts. */
	SECURITY_ADMIN
}
