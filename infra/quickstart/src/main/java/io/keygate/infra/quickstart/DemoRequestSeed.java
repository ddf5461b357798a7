package io.keygate.infra.quickstart;

import java.time.Duration;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;

import io.keygate.auth.access.RequestSubmission;
import io.keygate.auth.enrollment.EnrollmentCompleted;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.request.AccessRequest;

/**
 * The demo start's pending request, so that the approver's queue and the vendor's "My requests"
 * are not empty. A request needs a requester who exists, and the demo vendor exists only once
 * they enrolled a key: so the request is submitted the moment the demo vendor first enrolls, in
 * their name, through the same {@link RequestSubmission} as the form (checked and audited alike).
 * The audit shows where it came from: client {@value #CLIENT}, and a reason that says so.
 * Registered by the demo start only; a failure is logged and never fails the enrollment.
 */
final class DemoRequestSeed implements ApplicationListener<PayloadApplicationEvent<?>> {

	/** The client address recorded for the seeded request: not a browser, the demo start itself. */
	static final String CLIENT = "keygate-demo-seed";

	static final String TARGET = "head-end";

	/** The least privileged level, as the form defaults to. */
	static final String LEVEL = "read";

	private static final Logger log = LoggerFactory.getLogger(DemoRequestSeed.class);

	private final RequestSubmission submission;

	DemoRequestSeed(RequestSubmission submission) {
		this.submission = submission;
	}

	@Override
	public void onApplicationEvent(PayloadApplicationEvent<?> event) {
		if (!(event.getPayload() instanceof EnrollmentCompleted enrolled) || enrolled.reenrollment()
				|| !DemoStart.DEMO_VENDOR.equalsIgnoreCase(enrolled.email())) {
			return;
		}
		try {
			AccessRequest request = this.submission.submit(new Actor(enrolled.subject(), enrolled.organisation(), enrolled.roles()),
					new RequestSubmission.Submission(TARGET, LEVEL, Optional.empty(), Duration.ofHours(1),
							"Demo request seeded by the demo start: read the head-end's meter data", "DEMO-1"),
					CLIENT);
			log.warn("DEMO: submitted pending request {} ({} {} for 1 h) for {}, so the demo approver has one to decide",
					request.id(), TARGET, LEVEL, enrolled.subject());
		}
		catch (RuntimeException ex) {
			log.warn("DEMO: could not seed the demo request for {}: {}", enrolled.subject(), ex.getMessage());
		}
	}

}
