package io.keygate.auth.enrollment;

import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

import io.keygate.auth.account.AccountRepository;
import io.keygate.policy.audit.Severity;
import io.keygate.policy.identity.Role;

/**
 * There is no default account and no default password, ever. While no account exists, every
 * start issues a fresh one-time enrollment link for the first security admin (revoking the
 * previous one) and prints it to the log and the console; whoever can read the server's output
 * at first start is, by construction, the operator.
 */
@Component
@EnableConfigurationProperties(EnrollmentProperties.class)
public class FirstAdminBootstrap implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(FirstAdminBootstrap.class);

	/** Who the audit chain names as having invited the first security admin. */
	public static final String BOOTSTRAP_ACTOR = "keygate-bootstrap";

	private final AccountRepository accounts;

	private final InvitationService invitations;

	private final EnrollmentProperties properties;

	public FirstAdminBootstrap(AccountRepository accounts, InvitationService invitations, EnrollmentProperties properties) {
		this.accounts = accounts;
		this.invitations = invitations;
		this.properties = properties;
	}

	@Override
	public void run(ApplicationArguments args) {
		issueIfNoAccounts();
	}

	/** Issues the first admin's link when the store has no account; returns it, or null. */
	public InvitationService.Issued issueIfNoAccounts() {
		if (this.accounts.count() > 0) {
			return null;
		}
		// The one identity created by nobody: explicit (printed for the operator) and audited HIGH, like
		// every single-admin step until a second security admin exists.
		InvitationService.Issued issued = this.invitations.invite(BOOTSTRAP_ACTOR, this.properties.firstAdminEmail(),
				this.properties.firstAdminName(), this.properties.utilityOrganisation(), Set.of(Role.SECURITY_ADMIN), "",
				Severity.HIGH);
		String banner = """

				==================================================================================
				 Keygate has no accounts yet. Enroll the first security admin (%s) with a
				 hardware security key by opening this one-time link (valid until %s):

				   %s

				 The link works once. Restarting before it is used issues a new one.
				 Until a second security admin exists, Keygate runs in single-admin bootstrap:
				 audited at HIGH, with a warning on the admin pages.
				==================================================================================
				""".formatted(issued.invitation().email(), issued.invitation().expiresAt(), issued.link());
		log.warn(banner);
		System.out.println(banner);
		return issued;
	}

}
