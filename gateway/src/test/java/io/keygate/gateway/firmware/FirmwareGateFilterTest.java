package io.keygate.gateway.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import io.keygate.gateway.access.DecidedRequest;
import io.keygate.gateway.access.DenyResponse;
import io.keygate.gateway.access.Identity;
import io.keygate.gateway.audit.AuditLogDecisionAudit;
import io.keygate.gateway.testsupport.RecordingAuditLog;
import io.keygate.policy.catalog.Target;
import io.keygate.policy.catalog.TargetCatalogFile;
import io.keygate.policy.decision.Decision;
import io.keygate.policy.firmware.FirmwareGate;
import io.keygate.policy.firmware.InMemoryFirmwareRegister;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.testsupport.MutableClock;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The branch no real request reaches today (the HTTP layer and the decision refuse the paths that
 * would get there): a form the shape reader left unread because the received path looked like a
 * firmware path, on an exchange whose decided path is not one. It must be refused, not forwarded
 * with its fields never checked for overrides.
 */
class FirmwareGateFilterTest {

	@TempDir
	Path work;

	@Test
	void filterWhenFormLeftToGateButDecidedPathIsNotFirmwareThenOverrideRefusedAndChainNotCalled() throws Exception {
		MutableClock clock = MutableClock.at(Instant.parse("2026-11-01T00:00:00Z"));
		RecordingAuditLog audit = new RecordingAuditLog();
		FirmwareGateFilter filter = new FirmwareGateFilter(new FirmwareGate(new InMemoryFirmwareRegister(), clock),
				new UploadSpool(this.work.resolve("spool")), new HeldImageStore(this.work.resolve("held"), 1024 * 1024),
				new AuditLogDecisionAudit(audit), new DenyResponse(URI.create("http://portal.test")), "gw-test", clock, 1);
		Target target = TargetCatalogFile.parse(FirmwareGateTest.CATALOG.replace("UPSTREAM", "http://127.0.0.1:9"), "test")
			.find("head-end")
			.orElseThrow();
		Grant grant = new Grant("g-1", "eve@itron", "itron", "head-end", "maintain", clock.instant().minusSeconds(60),
				clock.instant().plusSeconds(600), "r-1", List.of("approver"));
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/t/head-end/api/commands/reboot")
			.header("Content-Type", "multipart/form-data; boundary=b")
			.body("--b\r\nContent-Disposition: form-data; name=\"_method\"\r\n\r\nDELETE\r\n--b--\r\n"));
		exchange.getAttributes()
			.put(DecidedRequest.ATTRIBUTE, new DecidedRequest(target, new Identity("eve@itron", "itron"),
					new Decision.Allow(grant, "/api/commands/reboot")));
		exchange.getAttributes().put(FirmwareGateFilter.FORM_LEFT_TO_GATE, Boolean.TRUE);
		AtomicBoolean forwarded = new AtomicBoolean();

		StepVerifier.create(filter.filter(exchange, forwardedExchange -> {
			forwarded.set(true);
			return Mono.empty();
		})).verifyComplete();

		assertThat(forwarded).isFalse();
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(exchange.getResponse().getBodyAsString().block()).contains("OVERRIDE_REFUSED");
		assertThat(audit.entries()).singleElement().satisfies(entry -> assertThat(entry.reason()).isEqualTo("OVERRIDE_REFUSED"));
		assertThat(Files.list(this.work.resolve("spool"))).isEmpty();
	}

	@Test
	void filterWhenEverySpoolSlotInUseThenNextUploadRefusedStoreUnavailableWithoutReadingIt() throws Exception {
		MutableClock clock = MutableClock.at(Instant.parse("2026-11-01T00:00:00Z"));
		RecordingAuditLog audit = new RecordingAuditLog();
		FirmwareGateFilter filter = new FirmwareGateFilter(new FirmwareGate(new InMemoryFirmwareRegister(), clock),
				new UploadSpool(this.work.resolve("spool")), new HeldImageStore(this.work.resolve("held"), 1024 * 1024),
				new AuditLogDecisionAudit(audit), new DenyResponse(URI.create("http://portal.test")), "gw-test", clock, 1);
		Target target = TargetCatalogFile.parse(FirmwareGateTest.CATALOG.replace("UPSTREAM", "http://127.0.0.1:9"), "test")
			.find("head-end")
			.orElseThrow();
		Grant grant = new Grant("g-2", "eve@itron", "itron", "head-end", "firmware", clock.instant().minusSeconds(60),
				clock.instant().plusSeconds(600), "r-1", List.of("approver"));
		// The first upload's body never ends: it holds the only slot.
		MockServerWebExchange slow = upload(target, grant, reactor.core.publisher.Flux.never());
		reactor.core.Disposable first = filter.filter(slow, exchange -> Mono.empty()).subscribe();
		MockServerWebExchange second = upload(target, grant,
				reactor.core.publisher.Flux.just(new org.springframework.core.io.buffer.DefaultDataBufferFactory().wrap(new byte[10])));

		StepVerifier.create(filter.filter(second, exchange -> Mono.empty())).verifyComplete();

		assertThat(second.getResponse().getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(second.getResponse().getBodyAsString().block()).contains("STORE_UNAVAILABLE");
		first.dispose();
	}

	private static MockServerWebExchange upload(Target target, Grant grant,
			org.reactivestreams.Publisher<? extends org.springframework.core.io.buffer.DataBuffer> body) {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/t/head-end/api/firmware/images")
			.header("Content-Type", "application/octet-stream")
			.body(body));
		exchange.getAttributes()
			.put(DecidedRequest.ATTRIBUTE, new DecidedRequest(target, new Identity("eve@itron", "itron"),
					new Decision.Allow(grant, "/api/firmware/images")));
		return exchange;
	}

}
