package io.keygate.gateway.session;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.keygate.policy.decision.DenyReason;
import io.keygate.policy.grant.GrantStore;
import io.keygate.policy.grant.RevocationEvent;
import io.keygate.policy.grant.RevocationListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * This instance's subscription to the grant store's revocation feed. Every gateway instance has
 * its own, so a revocation made anywhere closes sessions everywhere.
 * <p>
 * When the feed is lost, revocations published meanwhile are never delivered, so a session that
 * stays open could outlive its grant unnoticed: every live session is closed at once, and (through
 * the grant source the decision reads) new requests are denied {@code STORE_UNAVAILABLE} until the
 * feed is back. Closing is disruptive, but a long-lived WebSocket is never re-checked, so keeping
 * it open across a blind spot would be failing open.
 */
public final class RevocationWatcher implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(RevocationWatcher.class);

	private final LiveSessionRegistry registry;

	private final Clock clock;

	private final Timer latency;

	private final AtomicBoolean feedLost = new AtomicBoolean();

	private final AutoCloseable subscription;

	/** Told after an organisation's sessions were closed here (the breach receipt); nothing by default. */
	private volatile OrganisationClosed afterOrganisationClosed = (event, closed) -> {
	};

	/** What runs after this instance closed an organisation's sessions on a suspension or revocation. */
	@FunctionalInterface
	public interface OrganisationClosed {

		void closed(RevocationEvent event, int sessionsClosed);

	}

	public RevocationWatcher(GrantStore store, LiveSessionRegistry registry, Clock clock, MeterRegistry meters) {
		this.registry = Objects.requireNonNull(registry, "registry cannot be null");
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
		this.latency = Timer.builder("keygate.gateway.revocation.close.latency")
			.description("Time from a revocation being published to this instance closing its sessions")
			.publishPercentiles(0.5, 0.99)
			.register(meters);
		this.subscription = store.subscribe(new Listener());
	}

	/** Sets what runs after an organisation's sessions are closed here (one hook; a later call replaces it). */
	public void afterOrganisationClosed(OrganisationClosed hook) {
		this.afterOrganisationClosed = Objects.requireNonNull(hook, "hook cannot be null");
	}

	/** Whether this instance knows it has missed, or may be missing, revocations right now. */
	public boolean feedLost() {
		return this.feedLost.get();
	}

	private final class Listener implements RevocationListener {

		@Override
		public void revoked(RevocationEvent event) {
			DenyReason reason = DenyReason.REVOKED;
			int closed = switch (event.scope()) {
				case GRANT -> RevocationWatcher.this.registry.endGrants(event.grantIds(), reason);
				case SUBJECT -> RevocationWatcher.this.registry.endGrants(event.grantIds(), reason)
						+ RevocationWatcher.this.registry.endSubject(event.key(), reason);
				case ORGANISATION -> RevocationWatcher.this.registry.endGrants(event.grantIds(), reason)
						+ RevocationWatcher.this.registry.endOrganisation(event.key(), reason);
			};
			Duration took = Duration.between(event.at(), RevocationWatcher.this.clock.instant());
			if (!took.isNegative()) {
				RevocationWatcher.this.latency.record(took);
			}
			log.info("Revocation {} {} ({}): closed {} live session(s) {} ms after it was published", event.scope(),
					event.key(), event.reason(), closed, took.toMillis());
			if (event.scope() == RevocationEvent.Scope.ORGANISATION) {
				try {
					RevocationWatcher.this.afterOrganisationClosed.closed(event, closed);
				}
				catch (RuntimeException ex) {
					// The sessions are closed; only the receipt is missing, which the admin sees red.
					log.error("Could not report closing the sessions of {} ({})", event.key(), event.reason(), ex);
				}
			}
		}

		@Override
		public void feedLost() {
			RevocationWatcher.this.feedLost.set(true);
			int closed = RevocationWatcher.this.registry.endAll(DenyReason.STORE_UNAVAILABLE);
			log.warn("Revocation feed lost: denying new requests and closed {} live session(s) until it is back", closed);
		}

		@Override
		public void feedRestored() {
			RevocationWatcher.this.feedLost.set(false);
			log.info("Revocation feed restored");
		}

	}

	@Override
	public void close() throws Exception {
		this.subscription.close();
	}

}
