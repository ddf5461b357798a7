package io.keygate.infra.simulator;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class SimulatorApplicationTest {

	private static final String USER = "keygate-gw";

	private static final String PASSWORD = "simulator-test-password-1";

	private static RunningSimulator simulator;

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@BeforeAll
	static void start() {
		simulator = RunningSimulator.start(SimulatedSystem.HEAD_END, 0, USER, PASSWORD, null,
				Map.of("keygate.simulator.event-interval", "50ms", "keygate.simulator.max-firmware-size", "4096"));
	}

	@AfterAll
	static void stop() {
		simulator.close();
	}

	@Test
	void requestWhenNoCredentialThen401AndStillLogged() throws Exception {
		long mark = simulator.requestLog().lastSequence();
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/meters")).header("Cookie", "SESSION=engineer"));

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(value -> assertThat(value).startsWith("Basic"));
		assertThat(simulator.requestLog().since(mark)).singleElement().satisfies(received -> {
			assertThat(received.path()).isEqualTo("/api/meters");
			assertThat(received.credentialPresented()).isFalse();
			assertThat(received.authenticated()).isFalse();
			assertThat(received.header("cookie")).hasValue("SESSION=engineer");
			assertThat(received.status()).isEqualTo(401);
		});
	}

	@Test
	void requestWhenWrongPasswordThen401AndLoggedAsPresentedButUnauthenticated() throws Exception {
		long mark = simulator.requestLog().lastSequence();
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/meters"))
			.header("Authorization", ServiceCredential.basicHeader(USER, PASSWORD + "x")));

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).doesNotContain(PASSWORD);
		assertThat(simulator.requestLog().since(mark)).singleElement().satisfies(received -> {
			assertThat(received.credentialPresented()).isTrue();
			assertThat(received.principal()).isEmpty();
			assertThat(received.headers()).doesNotContainKey("authorization");
		});
	}

	@Test
	void requestWhenMalformedBasicHeaderThen401NotError() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/meters")).header("Authorization", "Basic %%%not-base64"));

		assertThat(response.statusCode()).isEqualTo(401);
	}

	@Test
	void requestWhenServiceCredentialThenMetersAndLoggedWithPrincipal() throws Exception {
		long mark = simulator.requestLog().lastSequence();
		HttpResponse<String> response = send(authorized("/api/meters"));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"id\":\"MTR-00001\"").contains("\"relay\":\"CONNECTED\"");
		assertThat(simulator.requestLog().since(mark)).singleElement().satisfies(received -> {
			assertThat(received.principal()).hasValue(USER);
			assertThat(received.status()).isEqualTo(200);
		});
	}

	@Test
	void consolePageShowsMetersAndEventConsole() throws Exception {
		HttpResponse<String> response = send(authorized("/").header("Accept", "text/html"));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
		assertThat(response.body()).contains("AMI head-end console").contains("id=\"meters\"").contains("MTR-00003")
			.contains("id=\"events\"").contains("api/firmware/images");
	}

	@Test
	void meterReadsWhenKnownMeterThenQuarterHourReads() throws Exception {
		HttpResponse<String> response = send(authorized("/api/meters/MTR-00002/reads?count=4"));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body().split("\"meterId\":\"MTR-00002\"", -1)).hasSize(5);
	}

	@Test
	void meterReadsWhenCountOutOfRangeThen400WithGenericMessage() throws Exception {
		HttpResponse<String> response = send(authorized("/api/meters/MTR-00002/reads?count=99999"));

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).isEqualTo("{\"error\":\"count must be between 1 and 2880\"}");
	}

	@Test
	void meterWhenUnknownThen404WithoutTrace() throws Exception {
		HttpResponse<String> response = send(authorized("/api/meters/NOPE"));

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).isEqualTo("{\"error\":\"no such meter\"}");
	}

	@Test
	void unknownPathThen404() throws Exception {
		HttpResponse<String> response = send(authorized("/admin/../../etc/passwd"));

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).doesNotContain("Exception");
	}

	@Test
	void disconnectCommandWhenJsonThenRelayOpensAndEventPushed() throws Exception {
		HttpResponse<String> response = send(authorized("/api/commands/disconnect").header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"meterId\":\"MTR-00004\"}")));

		assertThat(response.statusCode()).isEqualTo(202);
		assertThat(response.body()).contains("\"relay\":\"DISCONNECTED\"");
		assertThat(simulator.fleet().find("MTR-00004")).hasValueSatisfying(meter -> assertThat(meter.relay()).isEqualTo(Meter.RelayState.DISCONNECTED));

		HttpResponse<String> reconnect = send(authorized("/api/commands/connect").header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("meterId=MTR-00004")));
		assertThat(reconnect.statusCode()).isEqualTo(202);
		assertThat(simulator.fleet().find("MTR-00004")).hasValueSatisfying(meter -> assertThat(meter.relay()).isEqualTo(Meter.RelayState.CONNECTED));
	}

	@Test
	void commandWhenMeterIdMissingThen400() throws Exception {
		HttpResponse<String> response = send(authorized("/api/commands/disconnect").header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"nothing\":1")));

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).isEqualTo("{\"error\":\"meterId is missing or malformed\"}");
	}

	@Test
	void commandWhenUnknownActionThen404() throws Exception {
		HttpResponse<String> response = send(authorized("/api/commands/self-destruct").header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"meterId\":\"MTR-00001\"}")));

		assertThat(response.statusCode()).isEqualTo(404);
	}

	@Test
	void firmwareUploadRecordsSha256OfTheImage() throws Exception {
		byte[] image = "FIRMWARE-IMAGE-4.3.0\u0000\u0001\u0002".getBytes(StandardCharsets.UTF_8);
		String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(image));

		HttpResponse<String> response = send(multipart(image, "meter-4.3.0.bin", "4.3.0"));

		assertThat(response.statusCode()).isEqualTo(201);
		assertThat(response.body()).contains("\"sha256\":\"" + expected + "\"");
		assertThat(simulator.firmware().all()).anySatisfy(received -> {
			assertThat(received.sha256()).isEqualTo(expected);
			assertThat(received.size()).isEqualTo(image.length);
			assertThat(received.filename()).isEqualTo("meter-4.3.0.bin");
			assertThat(received.receivedBy()).isEqualTo(USER);
			assertThat(received.encoding()).isEqualTo("multipart");
		});
	}

	@Test
	void firmwareUploadWhenLargerThanLimitThen413AndNotRecorded() throws Exception {
		int before = simulator.firmware().all().size();

		HttpResponse<String> response = send(multipart(new byte[5000], "big.bin", "9.9.9"));

		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(simulator.firmware().all()).hasSize(before);
	}

	@Test
	void firmwareUploadWhenRawOctetStreamThenRecordedWithSha256AndEncoding() throws Exception {
		byte[] image = "RAW-FIRMWARE-4.4.0\u0000\u0003".getBytes(StandardCharsets.UTF_8);
		String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(image));

		HttpResponse<String> response = send(authorized("/api/firmware/images?version=4.4.0&filename=meter-4.4.0.bin")
			.header("Content-Type", "application/octet-stream")
			.POST(HttpRequest.BodyPublishers.ofByteArray(image)));

		assertThat(response.statusCode()).isEqualTo(201);
		assertThat(simulator.firmware().all()).anySatisfy(received -> {
			assertThat(received.sha256()).isEqualTo(expected);
			assertThat(received.size()).isEqualTo(image.length);
			assertThat(received.filename()).isEqualTo("meter-4.4.0.bin");
			assertThat(received.version()).isEqualTo("4.4.0");
			assertThat(received.encoding()).isEqualTo("raw");
		});
	}

	@Test
	void firmwareUploadWhenRawLargerThanLimitThen413AndNotRecorded() throws Exception {
		int before = simulator.firmware().all().size();

		HttpResponse<String> response = send(authorized("/api/firmware/images").header("Content-Type", "application/octet-stream")
			.POST(HttpRequest.BodyPublishers.ofByteArray(new byte[5000])));

		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(simulator.firmware().all()).hasSize(before);
	}

	@Test
	void firmwareUploadWhenNeitherMultipartNorOctetStreamThen415() throws Exception {
		HttpResponse<String> response = send(authorized("/api/firmware/images").header("Content-Type", "text/plain")
			.POST(HttpRequest.BodyPublishers.ofByteArray(new byte[10])));

		assertThat(response.statusCode()).isEqualTo(415);
	}

	@Test
	void firmwareUploadWhenNoImagePartThen400() throws Exception {
		String boundary = "b0undary";
		String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"version\"\r\n\r\n1.0\r\n--" + boundary + "--\r\n";
		HttpResponse<String> response = send(authorized("/api/firmware/images")
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofString(body)));

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).isEqualTo("{\"error\":\"the upload needs a file part named 'image'\"}");
	}

	@Test
	void eventConsolePushesReadsAndCommandsAndSeesTheClose() throws Exception {
		List<String> messages = new CopyOnWriteArrayList<>();
		WebSocket socket = http.newWebSocketBuilder()
			.header("Authorization", simulator.serviceAuthorization())
			.buildAsync(URI.create("ws://127.0.0.1:" + simulator.port() + "/events"), collector(messages))
			.get(10, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(10)).until(() -> messages.stream().anyMatch(m -> m.contains("\"type\":\"READ\"")));
		assertThat(simulator.eventConsole().openSessions()).isEqualTo(1);

		send(authorized("/api/commands/disconnect").header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"meterId\":\"MTR-00007\"}")));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> messages.stream().anyMatch(m -> m.contains("\"type\":\"COMMAND\"") && m.contains("MTR-00007")));

		socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(10)).until(() -> simulator.eventConsole().openSessions() == 0);
	}

	@Test
	void eventConsoleWhenNoCredentialThenHandshakeRefused() {
		assertThatThrownBy(() -> http.newWebSocketBuilder()
			.buildAsync(URI.create("ws://127.0.0.1:" + simulator.port() + "/events"), collector(new CopyOnWriteArrayList<>()))
			.get(10, TimeUnit.SECONDS)).satisfies(ex -> assertThat(rootMessages(ex)).contains("401"));
		assertThat(simulator.requestLog().matching(r -> r.path().equals("/events") && r.status() == 401)).isNotEmpty();
	}

	@Test
	void startWhenPasswordMissingThenStartupFailsNamingTheProperty() {
		assertThatThrownBy(() -> RunningSimulator.start(SimulatedSystem.MDM, 0, USER, "", null, Map.of()).close())
			.satisfies(ex -> assertThat(rootMessages(ex)).contains("keygate.simulator.credential.password"));
	}

	@Test
	void startWhenPasswordTooShortThenStartupFails() {
		assertThatThrownBy(() -> RunningSimulator.start(SimulatedSystem.MDM, 0, USER, "short", null, Map.of()).close())
			.satisfies(ex -> assertThat(rootMessages(ex)).contains("keygate.simulator.credential.password"));
	}

	private static String rootMessages(Throwable ex) {
		StringBuilder all = new StringBuilder();
		for (Throwable t = ex; t != null; t = t.getCause()) {
			all.append(t.getMessage()).append('\n');
		}
		return all.toString();
	}

	private static WebSocket.Listener collector(List<String> messages) {
		return new WebSocket.Listener() {
			@Override
			public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
				messages.add(data.toString());
				webSocket.request(1);
				return null;
			}
		};
	}

	private static HttpRequest.Builder multipart(byte[] image, String filename, String version) throws Exception {
		String boundary = "keygate" + System.nanoTime();
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"version\"\r\n\r\n" + version + "\r\n").getBytes(StandardCharsets.UTF_8));
		body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"" + filename
				+ "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
		body.write(image);
		body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		return authorized("/api/firmware/images").header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
	}

	private static HttpRequest.Builder authorized(String path) {
		return HttpRequest.newBuilder(uri(path)).header("Authorization", simulator.serviceAuthorization());
	}

	private static URI uri(String path) {
		return URI.create("http://127.0.0.1:" + simulator.port() + path);
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
	}


}
