package io.keygate.auth.access;

import io.keygate.policy.testsupport.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

import io.keygate.auth.access.request.AccessRequestRepository;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.identity.Role;
import io.keygate.policy.request.RequestState;

/** The scheduled sweep expires pending requests on its own, at the configured lifetime. */
@SpringBootTest(properties = { AccessTestConfiguration.CATALOG, "keygate.access.expiry-sweep-interval=PT0.2S",
		"keygate.access.pending-lifetime=PT2H" })
@ActiveProfiles("test")
@Import(AccessTestConfiguration.class)
class ExpirySweepTest {

	@Autowired
	RequestSubmission submission;

	@Autowired
	AccessRequestRepository requests;

	@Autowired
	MutableClock clock;

	@Test
	void sweepWhenPendingRequestOutlivesConfiguredLifetimeThenExpiredWithoutAnyoneReadingIt() {
		Actor vendor = Actor.of("sweep-vendor", "itron", Role.VENDOR_ENGINEER);
		String id = this.submission.submit(vendor, new RequestSubmission.Submission("head-end", "read", Optional.empty(),
				Duration.ofMinutes(30), "nightly check", "INC-7"), "192.0.2.7").id();
		assertThat(this.requests.find(id).orElseThrow().request().expiresAt())
			.isEqualTo(AccessTestConfiguration.START.plus(Duration.ofHours(2)));

		this.clock.advance(Duration.ofHours(2));

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(this.requests.find(id).orElseThrow().request().state())
				.isEqualTo(RequestState.EXPIRED));
	}

}
