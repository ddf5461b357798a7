package io.keygate.auth.access;

import io.keygate.policy.testsupport.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

import io.keygate.auth.access.grant.GrantActivation;
import io.keygate.auth.access.grant.GrantHistoryRepository;
import io.keygate.auth.account.AccountRepository;
import io.keygate.auth.account.UserStatus;
import io.keygate.auth.webauthn.CredentialRepository;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantLookup;
import io.keygate.policy.grant.GrantStore;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.identity.Role;

/** The scheduled activation starts an approved later window on its own, at the configured interval. */
@SpringBootTest(properties = { AccessTestConfiguration.CATALOG, "keygate.access.activation-interval=PT0.2S" })
@ActiveProfiles("test")
@Import(AccessTestConfiguration.class)
class GrantActivationScheduleTest {

	@Autowired
	RequestSubmission submission;

	@Autowired
	RequestApproval approval;

	@Autowired
	GrantStore grantStore;

	@Autowired
	GrantHistoryRepository history;

	@Autowired
	AccountRepository accounts;

	@Autowired
	CredentialRepository credentials;

	@Autowired
	MutableClock clock;

	@Test
	void scheduleWhenApprovedWindowBeginsThenGrantGoesLiveWithoutAnyoneAsking() {
		Actor vendor = Actor.of("sched-vendor", "itron", Role.VENDOR_ENGINEER);
		Actor approver = Actor.of("sched-approver", "utility", Role.APPROVER);
		EmulatedKey key = EmulatedKey.enroll(approver, this.accounts, this.credentials);
		EmulatedKey.enroll(vendor, this.accounts, this.credentials);
		Instant start = AccessTestConfiguration.START.plus(Duration.ofHours(3));
		String requestId = this.submission.submit(vendor, new RequestSubmission.Submission("head-end", "read", Optional.of(start),
				Duration.ofHours(1), "planned maintenance", "CHG-9"), "192.0.2.7").id();
		RequestApproval.ApprovalResult approved = this.approval.approve(approver, requestId, "ok",
				key.sign(this.approval.stepUp(approver, requestId, "192.0.2.8")), "192.0.2.8");
		Grant grant = approved.grant().orElseThrow();
		assertThat(approved.scheduled()).isTrue();

		// Not before its window: the contract tests prove that tick by tick with the clock in hand.
		assertThat(this.grantStore.lookup(vendor.subject(), vendor.organisation(), "head-end"))
			.isInstanceOf(GrantLookup.Absent.class);
		assertThat(this.history.find(grant.id()).orElseThrow().activation()).isEqualTo(GrantActivation.SCHEDULED);

		this.clock.set(start);

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(this.grantStore.lookup(vendor.subject(), vendor.organisation(), "head-end"))
				.isEqualTo(new GrantLookup.Live(grant)));
		assertThat(this.history.find(grant.id()).orElseThrow().activation()).isEqualTo(GrantActivation.ACTIVATED);
	}

	/**
	 * A person whose account left ACTIVE by any way that did not cancel their scheduled grant (an
	 * account disabled before cut-offs cancelled grants, a status written by another tool) never gets
	 * it activated: the job reads the account's status when it claims the grant.
	 */
	@Test
	void scheduleWhenHolderDisabledBeforeWindowBeginsThenActivationRefusedAndStoreNeverHoldsIt() {
		this.clock.set(AccessTestConfiguration.START);
		Actor vendor = Actor.of("sched-leaver", "itron", Role.VENDOR_ENGINEER);
		Actor approver = Actor.of("sched-approver-2", "utility", Role.APPROVER);
		EmulatedKey key = EmulatedKey.enroll(approver, this.accounts, this.credentials);
		EmulatedKey.enroll(vendor, this.accounts, this.credentials);
		Instant start = AccessTestConfiguration.START.plus(Duration.ofHours(5));
		String requestId = this.submission.submit(vendor, new RequestSubmission.Submission("mdm", "read", Optional.of(start),
				Duration.ofHours(1), "planned maintenance", "CHG-10"), "192.0.2.7").id();
		Actor second = Actor.of("sched-approver-3", "utility", Role.APPROVER);
		EmulatedKey secondKey = EmulatedKey.enroll(second, this.accounts, this.credentials);
		this.approval.approve(approver, requestId, "ok", key.sign(this.approval.stepUp(approver, requestId, "192.0.2.8")),
				"192.0.2.8");
		Grant grant = this.approval
			.approve(second, requestId, "ok", secondKey.sign(this.approval.stepUp(second, requestId, "192.0.2.9")), "192.0.2.9")
			.grant()
			.orElseThrow();
		this.accounts.updateStatus(vendor.subject(), UserStatus.DISABLED);

		this.clock.set(start);

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(this.history.find(grant.id()).orElseThrow().activation())
				.isEqualTo(GrantActivation.CANCELLED));
		assertThat(this.history.find(grant.id()).orElseThrow().endReason()).contains("not active");
		assertThat(this.grantStore.lookup(vendor.subject(), vendor.organisation(), "mdm")).isInstanceOf(GrantLookup.Absent.class);
	}

}
