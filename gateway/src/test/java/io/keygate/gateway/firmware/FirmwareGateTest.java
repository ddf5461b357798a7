package io.keygate.gateway.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;

import io.keygate.gateway.testsupport.HashingUpstream;
import io.keygate.gateway.testsupport.RecordingAuditLog;
import io.keygate.gateway.testsupport.RecordingUpstream;
import io.keygate.gateway.testsupport.TestGateway;
import io.keygate.gateway.testsupport.TestSignin;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.audit.Severity;
import io.keygate.policy.firmware.AllowListEntry;
import io.keygate.policy.firmware.DistrustWindow;
import io.keygate.policy.firmware.FirmwareHash;
import io.keygate.policy.firmware.HeldImage;
import io.keygate.policy.firmware.InMemoryFirmwareRegister;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantStore;
import io.keygate.policy.grant.InMemoryGrantStore;
import io.keygate.policy.testsupport.MutableClock;
import io.keygate.testsupport.EmbeddedParent;

/**
 * The firmware gate in the embedded mode, end to end over real sockets: a parent context holding
 * the grant store, the audit log and the firmware register (as the quickstart shares them with the
 * auth server's portal), the gateway on a real port, and an upstream that hashes what reaches it.
 * Every refusal asserts the reason <em>and</em> that the upstream received nothing.
 */
class FirmwareGateTest {

	static final String CATALOG = """
			targets:
			  - id: head-end
			    name: AMI head-end
			    zone: HEAD_END
			    upstream: UPSTREAM
			    tier: STANDARD
			    max-grant: PT8H
			    levels:
			      operate:
			        - methods: [GET, HEAD]
			          paths: ["/**"]
			        - methods: [POST]
			          paths: ["/api/commands/**"]
			      maintain:
			        - methods: [POST]
			          paths: ["/api/firmware/**", "/api/commands/**"]
			      firmware:
			        - methods: [GET, HEAD]
			          paths: ["/**"]
			        - methods: [POST, PUT]
			          paths: ["/api/firmware/**"]
			    firmware:
			      paths: ["/api/firmware/**"]
			      max-size: 256MB
			  - id: mdm
			    name: Meter data management
			    zone: MDM
			    upstream: UPSTREAM
			    tier: STANDARD
			    max-grant: PT8H
			    levels:
			      firmware:
			        - methods: [POST]
			          paths: ["/api/firmware/**"]
			    firmware:
			      paths: ["/api/firmware/**"]
			      max-size: 64KB
			""";

	private static final AtomicInteger people = new AtomicInteger();

	private static final HttpClient http = HttpClient.newHttpClient();

	private static HashingUpstream upstream;

	private static RecordingUpstream unused;

	private static MutableClock clock;

	private static GrantStore store;

	private static RecordingAuditLog audit;

	private static InMemoryFirmwareRegister register;

	private static GenericApplicationContext parent;

	private static TestGateway gateway;

	private static Path heldDirectory;

	private String subject;

	/** Distrust windows stay open in the shared register: a test that opens one uses an organisation of its own. */
	private String organisation;

	@BeforeAll
	static void start() throws IOException {
		upstream = new HashingUpstream();
		unused = new RecordingUpstream();
		clock = MutableClock.at(Instant.now());
		store = new InMemoryGrantStore(clock);
		audit = new RecordingAuditLog();
		register = new InMemoryFirmwareRegister();
		parent = EmbeddedParent.with("clock", clock)
			.and("grantStore", store)
			.and("gatewayAuditLog", (AuditLog) audit)
			.and("firmwareRegister", register)
			.start();
		Path catalog = Files.createTempFile("keygate-firmware-targets", ".yml");
		Files.writeString(catalog, CATALOG.replace("UPSTREAM", upstream.url()));
		catalog.toFile().deleteOnExit();
		Path work = Files.createTempDirectory("keygate-firmware-test");
		heldDirectory = work.resolve("held");
		gateway = TestGateway.start(parent, TestGateway.properties(unused, Map.of("keygate.catalog", "file:" + catalog,
				"keygate.gateway.firmware.spool-directory", work.resolve("spool").toString(),
				"keygate.gateway.firmware.hold-directory", heldDirectory.toString(),
				"keygate.gateway.firmware.instance-id", "gw-test")));
	}

	@AfterAll
	static void stop() {
		gateway.close();
		parent.close();
		upstream.close();
		unused.close();
	}

	@BeforeEach
	void freshPerson() {
		this.subject = "vendor" + people.incrementAndGet() + "@itron";
		this.organisation = "itron";
		upstream.clear();
	}

	static Grant grant(GrantStore store, MutableClock clock, String subject, String organisation, String target, String level) {
		Grant grant = new Grant("g-" + subject.replace('@', '-') + "-" + target + "-" + level, subject, organisation, target, level,
				clock.instant().minusSeconds(60), clock.instant().plusSeconds(3600), "r-1", List.of("approver"));
		assertThat(store.put(grant)).isEqualTo(GrantStore.PutResult.STORED);
		return grant;
	}

	private void grant(String target, String level) {
		grant(store, clock, this.subject, this.organisation, target, level);
	}

	private static byte[] image(String name, int size) {
		byte[] bytes = new byte[size];
		byte[] seed = name.getBytes(StandardCharsets.UTF_8);
		for (int i = 0; i < size; i++) {
			bytes[i] = (byte) (seed[i % seed.length] + i / 7);
		}
		return bytes;
	}

	private static FirmwareHash hash(byte[] image) {
		return new FirmwareHash(HashingUpstream.sha256Hex(image));
	}

	private static void allow(byte[] image, Instant addedAt) {
		register.allow(new AllowListEntry(hash(image), "itron", "OpenWay Riva", "4.3.0", "vendor-signed release note",
				"secadmin", addedAt));
	}

	static byte[] multipart(String boundary, byte[] image, String... extraParts) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"version\"\r\n\r\n4.3.0\r\n")
			.getBytes(StandardCharsets.ISO_8859_1));
		for (String part : extraParts) {
			body.writeBytes(("--" + boundary + "\r\n" + part + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
		}
		body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"meter.bin\"\r\n"
				+ "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
		body.writeBytes(image);
		body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
		return body.toByteArray();
	}

	private HttpResponse<String> upload(String target, String contentType, HttpRequest.BodyPublisher body) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.url() + "/t/" + target + "/api/firmware/images"))
			.header(TestSignin.SUBJECT, this.subject)
			.header(TestSignin.ORGANISATION, this.organisation)
			.header("Origin", gateway.url())
			.header("Accept", "application/json")
			.header("Content-Type", contentType)
			.POST(body)
			.build();
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> raw(byte[] image) throws Exception {
		return upload("head-end", "application/octet-stream", HttpRequest.BodyPublishers.ofByteArray(image));
	}

	private HttpResponse<String> multipart(byte[] body, String boundary) throws Exception {
		return upload("head-end", "multipart/form-data; boundary=" + boundary, HttpRequest.BodyPublishers.ofByteArray(body));
	}

	private static void assertRefused(HttpResponse<String> response, String reason) {
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("\"code\":\"" + reason + "\"");
		assertThat(upstream.arrivals()).isEmpty();
	}

	private AuditEntry lastFirmwareEntry() {
		return audit.entries()
			.stream()
			.filter(entry -> entry.action().startsWith("firmware.") && entry.actor().equals(this.subject))
			.reduce((first, second) -> second)
			.orElseThrow(() -> new AssertionError("no firmware audit for " + this.subject));
	}

	@Test
	void rawUploadWhenHashListedThenForwardedByteForByte() throws Exception {
		grant("head-end", "firmware");
		byte[] image = image("listed-raw", 300_000);
		allow(image, clock.instant().minusSeconds(86_400));

		HttpResponse<String> response = raw(image);

		assertThat(response.statusCode()).isEqualTo(201);
		assertThat(upstream.arrivals()).singleElement().satisfies(arrival -> {
			assertThat(arrival.sha256()).isEqualTo(hash(image).hex());
			assertThat(arrival.size()).isEqualTo(image.length);
			assertThat(arrival.uri()).isEqualTo("/api/firmware/images");
		});
		assertThat(lastFirmwareEntry().action()).isEqualTo(AuditAction.FIRMWARE_UPLOAD_FORWARDED.action());
	}

	@Test
	void multipartUploadWhenFilePartListedThenForwardedAsSent() throws Exception {
		grant("head-end", "firmware");
		byte[] image = image("listed-multipart", 200_000);
		allow(image, clock.instant().minusSeconds(86_400));
		byte[] body = multipart("kg-b0undary", image);

		HttpResponse<String> response = multipart(body, "kg-b0undary");

		assertThat(response.statusCode()).isEqualTo(201);
		// The allow-list names the file's hash; the upstream gets the whole request as sent.
		assertThat(upstream.arrivals()).singleElement().satisfies(arrival -> {
			assertThat(arrival.sha256()).isEqualTo(HashingUpstream.sha256Hex(body));
			assertThat(arrival.contentType()).isEqualTo("multipart/form-data; boundary=kg-b0undary");
		});
	}

	@Test
	void rawUploadWhenHashUnlistedThenRefusedAlertedAndUpstreamGetsNothing() throws Exception {
		grant("head-end", "firmware");
		byte[] image = image("unlisted-raw", 100_000);

		assertRefused(raw(image), "FIRMWARE_NOT_ALLOWED");

		AuditEntry refusal = lastFirmwareEntry();
		assertThat(refusal.action()).isEqualTo(AuditAction.FIRMWARE_UPLOAD_REFUSED.action());
		assertThat(refusal.severity()).isEqualTo(Severity.HIGH);
		assertThat(refusal.reason()).isEqualTo("FIRMWARE_NOT_ALLOWED");
		assertThat(refusal.details()).containsEntry("image", hash(image).hex())
			.containsEntry("threat.technique.id", "T0857")
			.containsKey("alert.explanation");
	}

	@Test
	void multipartUploadWhenFilePartUnlistedThenRefusedAndUpstreamGetsNothing() throws Exception {
		grant("head-end", "firmware");
		byte[] listedElsewhere = image("other", 1000);
		allow(listedElsewhere, clock.instant().minusSeconds(86_400));

		assertRefused(multipart(multipart("b1", image("unlisted-multipart", 50_000)), "b1"), "FIRMWARE_NOT_ALLOWED");
	}

	@Test
	void multipartUploadWhenLargeUnnamedFieldCarriesUnlistedBytesThenRefused() throws Exception {
		grant("head-end", "firmware");
		byte[] image = image("listed-with-smuggled-field", 5000);
		allow(image, clock.instant().minusSeconds(86_400));
		String smuggled = "Content-Disposition: form-data; name=\"payload\"\r\n\r\n" + "X".repeat(4096);

		assertRefused(multipart(multipart("b2", image, smuggled), "b2"), "FIRMWARE_NOT_ALLOWED");
	}

	@Test
	void uploadWhenGrantLevelIsNotFirmwareThenDecisionRefusesPath() throws Exception {
		grant("head-end", "operate");

		assertRefused(raw(image("operate", 100)), "PATH_NOT_ALLOWED");
	}

	@Test
	void uploadWhenAnotherLevelAdmitsFirmwarePathThenGateStillRequiresFirmwareLevel() throws Exception {
		grant("head-end", "maintain");
		byte[] image = image("maintain", 100);
		allow(image, clock.instant().minusSeconds(86_400));

		assertRefused(raw(image), "PATH_NOT_ALLOWED");
	}

	@Test
	void uploadWhenContentLengthOverTargetLimitThenRefusedTooLarge() throws Exception {
		grant("mdm", "firmware");

		assertRefused(upload("mdm", "application/octet-stream", HttpRequest.BodyPublishers.ofByteArray(new byte[70_000])),
				"FIRMWARE_TOO_LARGE");
	}

	@Test
	void uploadWhenChunkedBodyGrowsOverLimitThenRefusedWhileStreaming() throws Exception {
		grant("mdm", "firmware");
		byte[] image = image("chunked", 70_000);
		allow(image, clock.instant().minusSeconds(86_400));

		// No Content-Length: only counting while streaming can catch it.
		assertRefused(upload("mdm", "application/octet-stream",
				HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(image))), "FIRMWARE_TOO_LARGE");
	}

	@Test
	void multipartUploadWhenClosingDelimiterMissingThenRefusedMalformed() throws Exception {
		grant("head-end", "firmware");
		byte[] image = image("truncated", 3000);
		allow(image, clock.instant().minusSeconds(86_400));
		byte[] body = multipart("b3", image);
		byte[] truncated = java.util.Arrays.copyOf(body, body.length - 8);

		assertRefused(multipart(truncated, "b3"), "MALFORMED_REQUEST");
	}

	@Test
	void multipartUploadWhenBoundaryMissingThenRefusedMalformed() throws Exception {
		grant("head-end", "firmware");

		assertRefused(upload("head-end", "multipart/form-data", HttpRequest.BodyPublishers.ofString("--x\r\n")),
				"MALFORMED_REQUEST");
	}

	@Test
	void multipartUploadWhenPartNamedLikeMethodOverrideThenRefused() throws Exception {
		grant("head-end", "firmware");
		byte[] image = image("override", 3000);
		allow(image, clock.instant().minusSeconds(86_400));
		String override = "Content-Disposition: form-data; name=\"_method\"\r\n\r\nDELETE";

		assertRefused(multipart(multipart("b4", image, override), "b4"), "OVERRIDE_REFUSED");
	}

	@Test
	void uploadWhenListedImageFirstSeenInsideDistrustWindowThenHeldUntilReleasedThenForwarded() throws Exception {
		this.organisation = "breached" + people.incrementAndGet();
		grant("head-end", "firmware");
		byte[] image = image("held-then-released", 40_000);
		allow(image, clock.instant().minusSeconds(86_400 * 30));
		openWindow(this.organisation);

		assertRefused(raw(image), "FIRMWARE_HELD");

		assertThat(register.held(hash(image))).hasValueSatisfying(held -> {
			assertThat(held.state()).isEqualTo(HeldImage.State.HELD);
			assertThat(held.uploader()).isEqualTo(this.subject);
			assertThat(held.target()).isEqualTo("head-end");
			assertThat(held.gateway()).isEqualTo("gw-test");
			assertThat(held.size()).isEqualTo(image.length);
		});
		Path stored = heldDirectory.resolve(hash(image).hex() + ".upload");
		assertThat(stored).exists();
		assertThat(HashingUpstream.sha256Hex(Files.readAllBytes(stored))).isEqualTo(hash(image).hex());
		AuditEntry held = lastFirmwareEntry();
		assertThat(held.action()).isEqualTo(AuditAction.FIRMWARE_UPLOAD_HELD.action());
		assertThat(held.severity()).isEqualTo(Severity.HIGH);
		assertThat(held.details()).containsKey("alert.explanation").containsEntry("stored", "true");

		// Still held on a second try: nothing forwarded until a security admin decides.
		assertRefused(raw(image), "FIRMWARE_HELD");

		assertThat(register.decide(hash(image), HeldImage.State.RELEASED, "secadmin", clock.instant())).isPresent();
		HttpResponse<String> afterRelease = raw(image);

		assertThat(afterRelease.statusCode()).isEqualTo(201);
		assertThat(upstream.arrivals()).singleElement().satisfies(arrival -> assertThat(arrival.sha256()).isEqualTo(hash(image).hex()));
	}

	@Test
	void uploadWhenHeldImageRejectedThenNeverForwardedAndEvidenceKept() throws Exception {
		this.organisation = "breached" + people.incrementAndGet();
		grant("head-end", "firmware");
		byte[] image = image("held-then-rejected", 20_000);
		allow(image, clock.instant().minusSeconds(86_400 * 30));
		openWindow(this.organisation);
		assertRefused(multipart(multipart("b5", image), "b5"), "FIRMWARE_HELD");

		assertThat(register.decide(hash(image), HeldImage.State.REJECTED, "secadmin", clock.instant())).isPresent();

		assertRefused(multipart(multipart("b6", image), "b6"), "FIRMWARE_NOT_ALLOWED");
		assertRefused(raw(image), "FIRMWARE_NOT_ALLOWED");
		assertThat(heldDirectory.resolve(hash(image).hex() + ".upload")).exists();
		assertThat(register.held(hash(image))).hasValueSatisfying(held -> assertThat(held.state()).isEqualTo(HeldImage.State.REJECTED));
	}

	@Test
	void uploadWhenImageAllowListedInsideDistrustWindowOfItsVendorThenHeld() throws Exception {
		grant("head-end", "firmware");
		byte[] image = image("listed-during-breach", 1000);
		register.openWindow(new DistrustWindow("w-" + people.incrementAndGet(), "landis", clock.instant().minusSeconds(7200),
				clock.instant().minusSeconds(3600), "vendor breach LG-1", "secadmin", clock.instant()));
		register.allow(new AllowListEntry(hash(image), "landis", "E360", "2.1", "release note", "secadmin",
				clock.instant().minusSeconds(5000)));

		assertRefused(raw(image), "FIRMWARE_HELD");
	}

	private static void openWindow(String organisation) {
		register.openWindow(new DistrustWindow("w-" + people.incrementAndGet(), organisation, clock.instant().minusSeconds(600),
				clock.instant().plusSeconds(600), "vendor breach disclosed", "secadmin", clock.instant()));
	}

	@Test
	void rawUploadWhen200MegabytesThenForwardedWithBoundedGatewayHeap() throws Exception {
		grant("head-end", "firmware");
		long size = 200L * 1024 * 1024;
		// Hash the image once up front (it is generated as read, never held) so the allow-list can name it.
		java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
		try (var in = new GeneratedImage(size, digest)) {
			in.transferTo(java.io.OutputStream.nullOutputStream());
		}
		FirmwareHash hash = FirmwareHash.of(digest.digest());
		register.allow(new AllowListEntry(hash, "itron", "OpenWay Riva", "5.0.0", "lab test", "secadmin",
				clock.instant().minusSeconds(86_400)));
		HeapWatch watch = HeapWatch.start();

		HttpResponse<String> response = upload("head-end", "application/octet-stream",
				HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> new GeneratedImage(size, null)),
						size));

		long growth = watch.stop();
		System.out.printf("firmware 200 MB upload: peak live heap growth %.1f MB, Netty pooled memory growth %.1f MB,"
				+ " over %d forced collections%n", growth / 1048576.0, watch.nettyGrowth() / 1048576.0, watch.samples());
		assertThat(response.statusCode()).isEqualTo(201);
		assertThat(upstream.arrivals()).singleElement().satisfies(arrival -> {
			assertThat(arrival.size()).isEqualTo(size);
			assertThat(arrival.sha256()).isEqualTo(hash.hex());
		});
		assertThat(watch.samples()).as("heap sampled during the upload").isGreaterThan(2);
		// The image is 200 MB; holding it (or a sizeable part) in the gateway would show here.
		assertThat(growth).isLessThan(48L * 1024 * 1024);
		assertThat(watch.nettyGrowth()).isLessThan(48L * 1024 * 1024);
	}

}
