package io.keygate.gateway.firmware;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;

import io.keygate.gateway.access.AccessDecisionFilter;
import io.keygate.gateway.access.DecidedRequest;
import io.keygate.gateway.access.DenyResponse;
import io.keygate.gateway.audit.DecisionAudit;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.Severity;
import io.keygate.gateway.route.TargetPath;
import io.keygate.policy.catalog.Target;
import io.keygate.policy.catalog.TargetCatalog;
import io.keygate.policy.decision.DenyReason;
import io.keygate.policy.firmware.FirmwareGate;
import io.keygate.policy.firmware.FirmwareHash;
import io.keygate.policy.firmware.FirmwareRegisterUnavailableException;
import io.keygate.policy.firmware.FirmwareVerdict;
import io.keygate.policy.firmware.HeldImage;
import io.keygate.policy.shape.OverrideVectors;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The firmware gate: an allowed upload (POST, PUT, PATCH) to one of a target's firmware paths is
 * spooled to disk while hashed ({@link UploadSpool}), judged by {@link FirmwareGate}, and only then
 * forwarded, from the spool. A refused or held upload never reaches the upstream: not one byte of
 * it has been sent when the verdict is known. Runs right after the access decision, so the
 * decision (level, path, shape) has already been made and recorded; this adds the image check.
 * <p>
 * The upload needs the {@code firmware} level even where a catalogue's other level would admit
 * the method on the path: firmware is the one thing a mis-written level must never open.
 */
public final class FirmwareGateFilter implements GlobalFilter, Ordered {

	public static final int ORDER = AccessDecisionFilter.ORDER + 5;

	/** Set by the request-shape reader when it left a form body unread because it is a firmware upload. */
	public static final String FORM_LEFT_TO_GATE = FirmwareGateFilter.class.getName() + ".formLeftToGate";

	public static final String FIRMWARE_LEVEL = "firmware";

	private static final Set<String> UPLOAD_METHODS = Set.of("POST", "PUT", "PATCH");

	private static final Logger log = LoggerFactory.getLogger(FirmwareGateFilter.class);

	private final FirmwareGate gate;

	private final UploadSpool spool;

	private final HeldImageStore heldImages;

	private final DecisionAudit audit;

	private final DenyResponse denyResponse;

	private final String gatewayId;

	private final Clock clock;

	/** Spool slots: the disk the spool may take is bounded by slots × the largest target limit. */
	private final Semaphore slots;

	FirmwareGateFilter(FirmwareGate gate, UploadSpool spool, HeldImageStore heldImages, DecisionAudit audit,
			DenyResponse denyResponse, String gatewayId, Clock clock, int concurrentUploads) {
		if (concurrentUploads < 1) {
			throw new IllegalArgumentException("keygate.gateway.firmware.concurrent-uploads must be at least 1");
		}
		this.slots = new Semaphore(concurrentUploads);
		this.gate = Objects.requireNonNull(gate, "gate cannot be null");
		this.spool = Objects.requireNonNull(spool, "spool cannot be null");
		this.heldImages = Objects.requireNonNull(heldImages, "heldImages cannot be null");
		this.audit = Objects.requireNonNull(audit, "audit cannot be null");
		this.denyResponse = Objects.requireNonNull(denyResponse, "denyResponse cannot be null");
		this.gatewayId = Objects.requireNonNull(gatewayId, "gatewayId cannot be null");
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	/** Whether a request is a firmware upload, judged on the path as received (before normalisation). */
	public static boolean isUpload(Target target, String method, String path) {
		return target.firmware().declared() && UPLOAD_METHODS.contains(method) && target.firmware().covers(path);
	}

	/** For the request-shape reader: whether the request as received is a firmware upload to the target. */
	public static boolean receivedAsUpload(TargetCatalog catalog, ServerHttpRequest request, String targetId) {
		return catalog.find(targetId)
			.flatMap(target -> TargetPath.parse(request.getURI().getRawPath())
				.map(path -> isUpload(target, request.getMethod().name(), path.rawRest())))
			.orElse(false);
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		DecidedRequest decided = DecidedRequest.of(exchange);
		if (decided == null) {
			// Routing refuses an undecided exchange (ForwardDecidedPathFilter); nothing to judge here.
			return chain.filter(exchange);
		}
		String method = exchange.getRequest().getMethod().name();
		Upload upload = new Upload(exchange, decided, method, decided.allow().path());
		if (!isUpload(decided.target(), method, upload.path)) {
			if (exchange.getAttribute(FORM_LEFT_TO_GATE) != null) {
				// The received path looked like a firmware path, the normalised one is not: the form
				// was never read for override fields, so it cannot go anywhere.
				return refuse(upload, DenyReason.OVERRIDE_REFUSED, Severity.WARNING, "form body left unread for a path that"
						+ " normalised away from the firmware paths", null, null);
			}
			return chain.filter(exchange);
		}
		if (!FIRMWARE_LEVEL.equals(decided.allow().grant().level())) {
			return refuse(upload, DenyReason.PATH_NOT_ALLOWED, Severity.WARNING,
					"firmware upload on a '" + decided.allow().grant().level() + "' grant", null, null);
		}
		long max = decided.target().firmware().maxBytes();
		HttpHeaders headers = exchange.getRequest().getHeaders();
		if (headers.getContentLength() > max) {
			return refuse(upload, DenyReason.FIRMWARE_TOO_LARGE, Severity.WARNING,
					"Content-Length " + headers.getContentLength() + " over " + max, null, null);
		}
		String contentType = headers.getFirst(HttpHeaders.CONTENT_TYPE);
		ImageDigests digests;
		if (MultipartImageDigests.isMultipart(contentType)) {
			var multipart = MultipartImageDigests.of(contentType);
			if (multipart.isEmpty()) {
				return refuse(upload, DenyReason.MALFORMED_REQUEST, Severity.WARNING, "multipart without one valid boundary",
						null, null);
			}
			digests = multipart.get();
		}
		else {
			digests = new RawImageDigest();
		}
		if (!this.slots.tryAcquire()) {
			return refuse(upload, DenyReason.STORE_UNAVAILABLE, Severity.WARNING, "every firmware spool slot is in use", null,
					null);
		}
		return this.spool.spool(exchange.getRequest().getBody(), digests, max)
			.flatMap(spooled -> judged(upload, spooled, chain))
			.doFinally(signal -> this.slots.release())
			.onErrorResume(UploadSpool.TooLargeException.class,
					ex -> refuse(upload, DenyReason.FIRMWARE_TOO_LARGE, Severity.WARNING, ex.getMessage(), null, null))
			.onErrorResume(UploadSpool.MalformedException.class,
					ex -> refuse(upload, DenyReason.MALFORMED_REQUEST, Severity.WARNING, ex.getMessage(), null, null));
	}

	private Mono<Void> judged(Upload upload, UploadSpool.Spooled spooled, GatewayFilterChain chain) {
		for (String name : spooled.fieldNames()) {
			if (OverrideVectors.parameter(name).isPresent()) {
				return UploadSpool.delete(spooled.file())
					.then(refuse(upload, DenyReason.OVERRIDE_REFUSED, Severity.WARNING, "multipart field " + name, null, null));
			}
		}
		// The register may be Redis: never wait on it on an event-loop thread.
		return Mono.fromCallable(() -> this.gate.judge(spooled.images(), upload.decided.identity().organisation()))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap(verdict -> {
				if (verdict instanceof FirmwareVerdict.Forward forward) {
					return forward(upload, spooled, forward, chain);
				}
				if (verdict instanceof FirmwareVerdict.Hold hold) {
					return hold(upload, spooled, hold);
				}
				FirmwareVerdict.Refuse refuse = (FirmwareVerdict.Refuse) verdict;
				return UploadSpool.delete(spooled.file())
					.then(refuse(upload, DenyReason.FIRMWARE_NOT_ALLOWED, Severity.HIGH, refuse.detail(), refuse.hash(),
							refuse.rejected() ? "A vendor uploaded a firmware image a security admin had rejected."
									: "A vendor uploaded a firmware image that is not on the allow-list of verified images."));
			})
			.onErrorResume(FirmwareRegisterUnavailableException.class, ex -> UploadSpool.delete(spooled.file())
				.then(refuse(upload, DenyReason.STORE_UNAVAILABLE, Severity.WARNING, "firmware register: " + ex.getMessage(),
						null, null)));
	}

	private Mono<Void> forward(Upload upload, UploadSpool.Spooled spooled, FirmwareVerdict.Forward forward,
			GatewayFilterChain chain) {
		AuditEntry entry = entry(upload, AuditAction.FIRMWARE_UPLOAD_FORWARDED, "allow", Severity.INFO)
			.detail("images", spooled.images().stream().map(FirmwareHash::hex).toList())
			.detail("bytes", spooled.size())
			.build();
		ServerWebExchange exchange = upload.exchange;
		ServerHttpRequest fromSpool = new ServerHttpRequestDecorator(exchange.getRequest()) {
			@Override
			public HttpHeaders getHeaders() {
				HttpHeaders headers = HttpHeaders.copyOf(super.getHeaders());
				headers.remove(HttpHeaders.TRANSFER_ENCODING);
				headers.setContentLength(spooled.size());
				return HttpHeaders.readOnlyHttpHeaders(headers);
			}

			@Override
			public Flux<DataBuffer> getBody() {
				return DataBufferUtils.read(spooled.file(), exchange.getResponse().bufferFactory(), 64 * 1024);
			}
		};
		// Unaudited means unforwarded, as for every decision.
		return this.audit.record(entry)
			.then(Mono.defer(() -> chain.filter(exchange.mutate().request(fromSpool).build())))
			.onErrorResume(ex -> !exchange.getResponse().isCommitted(), ex -> {
				log.error("Firmware upload {} on {} not forwarded", spooled.images(), upload.decided.target().id(), ex);
				return this.denyResponse.write(exchange, DenyReason.STORE_UNAVAILABLE, upload.decided.target().id(), upload.method,
						upload.path);
			})
			.doFinally(signal -> UploadSpool.delete(spooled.file()).subscribeOn(Schedulers.boundedElastic()).subscribe());
	}

	private Mono<Void> hold(Upload upload, UploadSpool.Spooled spooled, FirmwareVerdict.Hold hold) {
		return Mono.fromCallable(() -> {
			boolean kept = this.heldImages.keep(hold.hash(), spooled.file(), spooled.size());
			if (!hold.alreadyHeld()) {
				this.gate.register().hold(HeldImage.held(hold.hash(), upload.decided.identity().organisation(),
						upload.decided.identity().subject(), upload.decided.target().id(), this.gatewayId, spooled.size(),
						this.clock.instant(), hold.why()));
			}
			return kept;
		}).subscribeOn(Schedulers.boundedElastic()).flatMap(kept -> {
			AuditEntry.Builder entry = alert(entry(upload, AuditAction.FIRMWARE_UPLOAD_HELD, "deny", Severity.HIGH),
					"A vendor uploaded a firmware image from inside a distrust window; it is held for a security admin.",
					"T1195.002")
				.reason(DenyReason.FIRMWARE_HELD.name())
				.detail("image", hold.hash().hex())
				.detail("why", hold.why())
				.detail("stored", kept)
				.detail("bytes", spooled.size());
			return UploadSpool.delete(spooled.file()).then(recordAndDeny(upload, entry.build(), DenyReason.FIRMWARE_HELD));
		});
	}

	private Mono<Void> refuse(Upload upload, DenyReason reason, Severity severity, String detail, FirmwareHash image,
			String alert) {
		AuditEntry.Builder entry = entry(upload, AuditAction.FIRMWARE_UPLOAD_REFUSED, "deny", severity)
			.reason(reason.name())
			.detail("detail", detail);
		if (image != null) {
			entry.detail("image", image.hex());
		}
		if (alert != null) {
			// ICS ATT&CK T0857 System Firmware: an unverified image pushed to a head-end is the attack.
			alert(entry, alert, "T0857");
		}
		log.info("Firmware upload refused on '{}' {}: {} ({})", upload.decided.target().id(), upload.path, reason, detail);
		return recordAndDeny(upload, entry.build(), reason);
	}

	private Mono<Void> recordAndDeny(Upload upload, AuditEntry entry, DenyReason reason) {
		return this.audit.record(entry)
			.onErrorResume(ex -> {
				log.error("Audit of firmware refusal on {} failed; still refusing", upload.decided.target().id(), ex);
				return Mono.empty();
			})
			.then(this.denyResponse.write(upload.exchange, reason, upload.decided.target().id(), upload.method, upload.path));
	}

	private static AuditEntry.Builder alert(AuditEntry.Builder entry, String explanation, String technique) {
		return entry.detail("alert.explanation", explanation).detail("threat.technique.id", technique);
	}

	private AuditEntry.Builder entry(Upload upload, AuditAction action, String outcome, Severity severity) {
		return AuditEntry.builder(action, this.clock.instant())
			.actor(upload.decided.identity().subject())
			.organisation(upload.decided.identity().organisation())
			.target(upload.decided.target().id())
			.grant(upload.decided.allow().grant().id())
			.outcome(outcome)
			.severity(severity)
			.clientAddress(clientAddress(upload.exchange))
			.detail("method", upload.method)
			.detail("path", upload.path)
			.detail("gateway", this.gatewayId);
	}

	private static String clientAddress(ServerWebExchange exchange) {
		InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
		return remote == null || remote.getAddress() == null ? "" : remote.getAddress().getHostAddress();
	}

	private record Upload(ServerWebExchange exchange, DecidedRequest decided, String method, String path) {
	}



}
