package io.keygate.gateway.session.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.session.MapSession;
import org.springframework.session.ReactiveMapSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.web.server.session.SpringSessionWebSessionStore;
import org.springframework.web.server.WebSession;

import io.keygate.policy.testsupport.MutableClock;
import reactor.core.publisher.Mono;

/**
 * A request renews the shared session's last access (a write when it ends) at most once per
 * interval. Spring Session's own web session store does the renewing, as on the gateway, over a
 * map instead of Redis.
 */
class ThrottledTouchRepositoryTest {

	private final MutableClock clock = MutableClock.at(Instant.now());

	private final AtomicInteger writes = new AtomicInteger();

	/** A map instead of Redis, counting the writes that reach it. */
	private final ReactiveMapSessionRepository stored = new ReactiveMapSessionRepository(new ConcurrentHashMap<String, Session>()) {
		@Override
		public Mono<Void> save(MapSession session) {
			ThrottledTouchRepositoryTest.this.writes.incrementAndGet();
			return super.save(session);
		}
	};

	private final SpringSessionWebSessionStore<ThrottledTouchRepository.Touched<MapSession>> store = new SpringSessionWebSessionStore<>(
			new ThrottledTouchRepository<>(this.stored, Duration.ofSeconds(15)));

	ThrottledTouchRepositoryTest() {
		this.store.setClock(this.clock);
	}

	private String signedIn() {
		WebSession session = this.store.createWebSession().block();
		session.getAttributes().put("signed-in", "engineer@itron");
		session.start();
		session.save().block();
		return session.getId();
	}

	/** What the gateway's session manager does for a request: read, renew, save at the end. */
	private Instant lastAccessAfterARequest(String id) {
		WebSession session = this.store.retrieveSession(id).flatMap(this.store::updateLastAccessTime).block();
		session.save().block();
		return this.stored.findById(id).block().getLastAccessedTime();
	}

	@Test
	void requestWhenWithinTheIntervalOfTheLastRenewalThenNotRenewed() {
		String id = signedIn();
		Instant before = this.stored.findById(id).block().getLastAccessedTime();
		this.clock.advance(Duration.ofSeconds(14));
		assertThat(lastAccessAfterARequest(id)).isEqualTo(before);
	}

	@Test
	void requestWhenNothingChangedThenNothingIsWritten() {
		String id = signedIn();
		int before = this.writes.get();
		this.clock.advance(Duration.ofSeconds(5));
		lastAccessAfterARequest(id);
		assertThat(this.writes.get()).isEqualTo(before);
		this.clock.advance(Duration.ofSeconds(20));
		lastAccessAfterARequest(id);
		assertThat(this.writes.get()).as("the renewal is a write").isEqualTo(before + 1);
	}

	@Test
	void requestWhenTheIntervalHasPassedThenRenewedToNow() {
		String id = signedIn();
		this.clock.advance(Duration.ofSeconds(16));
		assertThat(lastAccessAfterARequest(id)).isEqualTo(this.clock.instant());
	}

	@Test
	void requestWhenAttributesChangeThenSavedWhateverTheInterval() {
		String id = signedIn();
		WebSession session = this.store.retrieveSession(id).block();
		session.getAttributes().put("step-up", "done");
		session.save().block();
		assertThat((String) this.stored.findById(id).block().getAttribute("step-up")).isEqualTo("done");
	}

	@Test
	void intervalWhenLongIdleLimitThenFifteenSecondsElseAQuarter() {
		assertThat(ThrottledTouchRepository.interval(Duration.ofMinutes(30))).isEqualTo(Duration.ofSeconds(15));
		assertThat(ThrottledTouchRepository.interval(Duration.ofSeconds(20))).isEqualTo(Duration.ofSeconds(5));
	}

}
