package io.keygate.infra.simulator;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;

/**
 * The live event console: every open WebSocket receives meter reads as they arrive plus every
 * command and firmware event. Keeps the set of open sessions so that tests can see, from the OT
 * side, that a session the gateway closed is really gone.
 */
public final class EventConsole implements WebSocketHandler {

	private static final Logger log = LoggerFactory.getLogger(EventConsole.class);

	private final Sinks.Many<MeterEvent> events = Sinks.many().multicast().directBestEffort();

	private final Set<String> openSessions = ConcurrentHashMap.newKeySet();

	private final AtomicLong sequence = new AtomicLong();

	private final AtomicLong sessionsOpened = new AtomicLong();

	private final Flux<MeterEvent> stream;

	private final JsonMapper json;

	private final Clock clock;

	EventConsole(MeterFleet fleet, Duration readInterval, JsonMapper json, Clock clock) {
		this.json = json;
		this.clock = clock;
		Flux<MeterEvent> reads = Flux.interval(readInterval).map(tick -> {
			MeterRead read = fleet.nextRead();
			return event("READ", read.meterId(), read.registerKwh() + " kWh (+" + read.intervalKwh() + ")");
		});
		// One ticker shared by all sessions, running only while someone listens.
		this.stream = Flux.merge(reads, this.events.asFlux()).share();
	}

	MeterEvent publish(String type, String meterId, String detail) {
		MeterEvent event = event(type, meterId, detail);
		this.events.tryEmitNext(event);
		return event;
	}

	private MeterEvent event(String type, String meterId, String detail) {
		return new MeterEvent(this.sequence.incrementAndGet(), type, meterId, detail, this.clock.instant());
	}

	@Override
	public Mono<Void> handle(WebSocketSession session) {
		String id = session.getId();
		this.openSessions.add(id);
		this.sessionsOpened.incrementAndGet();
		log.info("event console session {} opened from {}", id, session.getHandshakeInfo().getRemoteAddress());
		MeterEvent hello = event("CONNECTED", null, "event console ready");
		Flux<MeterEvent> outbound = Flux.concat(Mono.just(hello), this.stream);
		// Ends as soon as either side closes: the peer going away must not leave a sender behind.
		Mono<Void> send = session.send(outbound.map(event -> session.textMessage(this.json.writeValueAsString(event))));
		Mono<Void> receive = session.receive().then();
		return Mono.firstWithSignal(send, receive).doFinally(signal -> {
			this.openSessions.remove(id);
			log.info("event console session {} closed ({})", id, signal);
		});
	}

	/** How many event console sessions are open right now. */
	public int openSessions() {
		return this.openSessions.size();
	}

	/** How many event console sessions were ever opened. */
	public long sessionsOpened() {
		return this.sessionsOpened.get();
	}

}
