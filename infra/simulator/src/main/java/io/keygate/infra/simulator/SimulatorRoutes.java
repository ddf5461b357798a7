package io.keygate.infra.simulator;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.http.codec.multipart.FormFieldPart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The simulated system's HTTP surface: HTML console pages, the JSON API (meters and reads), remote
 * connect/disconnect under {@code /api/commands/**} and firmware upload under
 * {@code /api/firmware/**} — the paths the access levels of the target catalogue are written for.
 * Bad input answers 4xx with a one-line JSON error, never a trace.
 */
final class SimulatorRoutes {

	private static final Logger log = LoggerFactory.getLogger(SimulatorRoutes.class);

	private static final Pattern METER_ID = Pattern.compile("[A-Za-z0-9-]{1,32}");

	private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9._-]{1,32}");

	private final MeterFleet fleet;

	private final FirmwareRegistry firmware;

	private final EventConsole console;

	private final SimulatorPages pages;

	private final SimulatorProperties properties;

	private final Clock clock;

	private final AtomicLong commands = new AtomicLong();

	SimulatorRoutes(MeterFleet fleet, FirmwareRegistry firmware, EventConsole console, SimulatorPages pages,
			SimulatorProperties properties, Clock clock) {
		this.fleet = fleet;
		this.firmware = firmware;
		this.console = console;
		this.pages = pages;
		this.properties = properties;
		this.clock = clock;
	}

	RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.GET("/", request -> html(HttpStatus.OK, this.pages.console(this.fleet.all(), this.firmware.all())))
			.GET("/meters/{id}", this::meterPage)
			.GET("/api/system", request -> ServerResponse.ok()
				.bodyValue(Map.of("system", this.properties.system().name(), "title", this.properties.system().title(), "site",
						this.properties.site())))
			.GET("/api/meters", request -> ServerResponse.ok().bodyValue(this.fleet.all()))
			.GET("/api/meters/{id}", request -> meter(request).map(meter -> ServerResponse.ok().bodyValue(meter))
				.orElseGet(() -> error(HttpStatus.NOT_FOUND, "no such meter")))
			.GET("/api/meters/{id}/reads", this::reads)
			.GET("/api/firmware/images", request -> ServerResponse.ok().bodyValue(this.firmware.all()))
			.POST("/api/commands/{action}", this::command)
			.POST("/api/firmware/images", RequestPredicates.contentType(MediaType.MULTIPART_FORM_DATA), this::upload)
			.POST("/api/firmware/images", RequestPredicates.contentType(MediaType.APPLICATION_OCTET_STREAM), this::rawUpload)
			.POST("/api/firmware/images",
					request -> error(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "firmware must be a multipart or application/octet-stream upload"))
			.route(request -> true, this::notFound)
			.build();
	}

	private Mono<ServerResponse> meterPage(ServerRequest request) {
		return meter(request).map(meter -> html(HttpStatus.OK, this.pages.meter(meter, this.fleet.reads(meter.id(), 16))))
			.orElseGet(() -> html(HttpStatus.NOT_FOUND, this.pages.notFound()));
	}

	private Mono<ServerResponse> reads(ServerRequest request) {
		Optional<Meter> meter = meter(request);
		if (meter.isEmpty()) {
			return error(HttpStatus.NOT_FOUND, "no such meter");
		}
		int count;
		try {
			count = Integer.parseInt(request.queryParam("count").orElse("96"));
		}
		catch (NumberFormatException ex) {
			return error(HttpStatus.BAD_REQUEST, "count must be a number");
		}
		if (count < 1 || count > 2_880) {
			return error(HttpStatus.BAD_REQUEST, "count must be between 1 and 2880");
		}
		return ServerResponse.ok().bodyValue(this.fleet.reads(meter.get().id(), count));
	}

	private Mono<ServerResponse> command(ServerRequest request) {
		String action = request.pathVariable("action");
		Meter.RelayState target;
		if (action.equals("connect")) {
			target = Meter.RelayState.CONNECTED;
		}
		else if (action.equals("disconnect")) {
			target = Meter.RelayState.DISCONNECTED;
		}
		else {
			return error(HttpStatus.NOT_FOUND, "unknown command");
		}
		return meterIdOf(request).flatMap(meterId -> {
			if (meterId.isEmpty() || !METER_ID.matcher(meterId.get()).matches()) {
				return error(HttpStatus.BAD_REQUEST, "meterId is missing or malformed");
			}
			return this.fleet.setRelay(meterId.get(), target).map(meter -> {
				String commandId = "CMD-" + this.commands.incrementAndGet();
				this.console.publish("COMMAND", meter.id(), action + " accepted as " + commandId);
				log.info("{} {} as {} for {}", action, meter.id(), commandId, request.exchange().getAttributes().get(ReceivingFilter.PRINCIPAL_ATTRIBUTE));
				return ServerResponse.accepted()
					.bodyValue(Map.of("commandId", commandId, "meterId", meter.id(), "relay", meter.relay().name()));
			}).orElseGet(() -> error(HttpStatus.NOT_FOUND, "no such meter"));
		});
	}

	/** The meter id from a form field or a JSON body {@code {"meterId": "..."}}. */
	private Mono<Optional<String>> meterIdOf(ServerRequest request) {
		MediaType type = request.headers().contentType().orElse(MediaType.APPLICATION_OCTET_STREAM);
		if (MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(type)) {
			return request.formData().map(form -> Optional.ofNullable(form.getFirst("meterId")));
		}
		if (MediaType.APPLICATION_JSON.isCompatibleWith(type)) {
			return request.bodyToMono(CommandBody.class)
				.map(body -> Optional.ofNullable(body.meterId()))
				.defaultIfEmpty(Optional.empty())
				.onErrorResume(ex -> Mono.just(Optional.empty()));
		}
		return Mono.just(Optional.empty());
	}

	record CommandBody(String meterId) {
	}

	private Mono<ServerResponse> upload(ServerRequest request) {
		return request.multipartData().flatMap(parts -> {
			Part image = parts.getFirst("image");
			if (!(image instanceof FilePart file)) {
				return error(HttpStatus.BAD_REQUEST, "the upload needs a file part named 'image'");
			}
			String version = fieldValue(parts, "version").orElse("unknown");
			if (!VERSION.matcher(version).matches()) {
				return error(HttpStatus.BAD_REQUEST, "version is malformed");
			}
			return receive(request, file.content(), sanitise(file.filename()), version, "multipart");
		}).onErrorResume(ex -> !(ex instanceof ImageTooLarge), ex -> {
			log.info("unreadable firmware upload: {}", ex.toString());
			return error(HttpStatus.BAD_REQUEST, "unreadable multipart upload");
		});
	}

	/** The same upload as a raw body: {@code ?version=...&filename=...}, the body is the image. */
	private Mono<ServerResponse> rawUpload(ServerRequest request) {
		String version = request.queryParam("version").orElse("unknown");
		if (!VERSION.matcher(version).matches()) {
			return error(HttpStatus.BAD_REQUEST, "version is malformed");
		}
		return receive(request, request.bodyToFlux(org.springframework.core.io.buffer.DataBuffer.class),
				sanitise(request.queryParam("filename").orElse(null)), version, "raw");
	}

	/** Hashes the image as it streams (never all in memory) and records it: tests prove what arrived. */
	private Mono<ServerResponse> receive(ServerRequest request, reactor.core.publisher.Flux<org.springframework.core.io.buffer.DataBuffer> content,
			String filename, String version, String encoding) {
		MessageDigest digest = sha256();
		long[] size = { 0 };
		return content.doOnNext(buffer -> {
			size[0] += buffer.readableByteCount();
			if (size[0] > this.properties.maxFirmwareSize()) {
				org.springframework.core.io.buffer.DataBufferUtils.release(buffer);
				throw new ImageTooLarge();
			}
			try (var iterator = buffer.readableByteBuffers()) {
				iterator.forEachRemaining(digest::update);
			}
			org.springframework.core.io.buffer.DataBufferUtils.release(buffer);
		}).then(Mono.fromSupplier(() -> {
			String principal = String.valueOf(request.exchange().getAttributes().getOrDefault(ReceivingFilter.PRINCIPAL_ATTRIBUTE, "unknown"));
			FirmwareImage received = this.firmware.add(new FirmwareImage("FW-" + UUID.randomUUID(), filename, version,
					size[0], HexFormat.of().formatHex(digest.digest()), principal, this.clock.instant(), encoding));
			this.console.publish("FIRMWARE", null, "image " + received.filename() + " sha256 " + received.sha256());
			log.info("firmware image {} received ({}): {} bytes, sha256 {}", received.id(), encoding, received.size(),
					received.sha256());
			return received;
		})).flatMap(received -> ServerResponse.status(HttpStatus.CREATED).bodyValue(received))
			.onErrorResume(ImageTooLarge.class, ex -> error(HttpStatus.CONTENT_TOO_LARGE, "firmware image too large"));
	}

	private static final class ImageTooLarge extends RuntimeException {

		ImageTooLarge() {
			super("firmware image too large", null, false, false);
		}

	}

	private static Optional<String> fieldValue(MultiValueMap<String, Part> parts, String name) {
		Part part = parts.getFirst(name);
		return part instanceof FormFieldPart field ? Optional.of(field.value()) : Optional.empty();
	}

	private static String sanitise(String filename) {
		String name = filename == null ? "" : filename.replaceAll("[^A-Za-z0-9._-]", "_");
		return name.isEmpty() ? "image.bin" : name.substring(0, Math.min(name.length(), 100));
	}

	private Optional<Meter> meter(ServerRequest request) {
		String id = request.pathVariable("id");
		return METER_ID.matcher(id).matches() ? this.fleet.find(id) : Optional.empty();
	}

	private Mono<ServerResponse> notFound(ServerRequest request) {
		boolean wantsHtml = request.headers().accept().stream().anyMatch(MediaType.TEXT_HTML::isCompatibleWith);
		return wantsHtml ? html(HttpStatus.NOT_FOUND, this.pages.notFound()) : error(HttpStatus.NOT_FOUND, "not found");
	}

	private static Mono<ServerResponse> html(HttpStatus status, String body) {
		return ServerResponse.status(status).contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
			.bodyValue(body);
	}

	private static Mono<ServerResponse> error(HttpStatus status, String message) {
		return ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("error", message));
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM (this is a bug)", ex);
		}
	}

}
