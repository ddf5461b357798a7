package io.keygate.gateway.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.keygate.gateway.testsupport.HashingUpstream;
import io.keygate.gateway.testsupport.RecordingUpstream;
import io.keygate.gateway.testsupport.TestGateway;
import io.keygate.gateway.testsupport.TestIntegrityKeys;
import io.keygate.gateway.testsupport.TestSignin;
import io.keygate.grantstore.redis.RedisGrantStore;
import io.keygate.grantstore.redis.firmware.RedisFirmwareRegister;
import io.keygate.policy.firmware.AllowListEntry;
import io.keygate.policy.firmware.DistrustWindow;
import io.keygate.policy.firmware.FirmwareHash;
import io.keygate.policy.firmware.HeldImage;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantStore;
import io.keygate.testsupport.RedisTestServer;

/**
 * The distributed mode: two gateways sharing a real Redis with a register of the test's own that
 * stands in for the auth server's portal. The allow-list, windows and decisions the portal writes
 * reach every gateway's next upload; a hold recorded by one gateway is seen by the portal.
 */
class DistributedFirmwareGateTest {

	private static final String PREFIX = "fw-test-" + UUID.randomUUID().toString().substring(0, 8);

	private static final HttpClient http = HttpClient.newHttpClient();

	private static RedisTestServer redis;

	private static HashingUpstream upstream;

	private static RecordingUpstream unused;

	private static TestGateway first;

	private static TestGateway second;

	private static GrantStore grants;

	private static RedisFirmwareRegister portal;

	@BeforeAll
	static void start() throws Exception {
		redis = RedisTestServer.startPrivateWithPassword("keygate", UUID.randomUUID().toString().replace("-", ""));
		upstream = new HashingUpstream();
		unused = new RecordingUpstream();
		Path catalog = Files.createTempFile("keygate-firmware-targets", ".yml");
		Files.writeString(catalog, FirmwareGateTest.CATALOG.replace("UPSTREAM", upstream.url()));
		catalog.toFile().deleteOnExit();
		first = TestGateway.start(null, TestGateway.properties(unused, distributed(catalog, "gw-1")));
		second = TestGateway.start(null, TestGateway.properties(unused, distributed(catalog, "gw-2")));
		grants = new RedisGrantStore(redis.uri(), Clock.systemUTC(), PREFIX, TestIntegrityKeys.storeIntegrity());
		portal = RedisFirmwareRegister.connect(redis.url(), PREFIX, TestIntegrityKeys.keys());
	}

	private static Map<String, Object> distributed(Path catalog, String instance) throws Exception {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("keygate.catalog", "file:" + catalog);
		properties.put("keygate.grant-store.kind", "redis");
		properties.put("keygate.grant-store.redis-url", redis.url());
		properties.put("keygate.grant-store.key-prefix", PREFIX);
		properties.put("keygate.gateway.audit.sink", "redis-stream");
		properties.put("keygate.audit-stream.stream", PREFIX + ":audit");
		properties.putAll(TestIntegrityKeys.properties());
		Path work = Files.createTempDirectory("keygate-firmware-" + instance);
		properties.put("keygate.gateway.firmware.spool-directory", work.resolve("spool").toString());
		properties.put("keygate.gateway.firmware.hold-directory", work.resolve("held").toString());
		properties.put("keygate.gateway.firmware.instance-id", instance);
		return properties;
	}

	@AfterAll
	static void stop() {
		for (AutoCloseable closeable : new AutoCloseable[] { first, second, grants, portal, upstream, unused, redis }) {
			try {
				if (closeable != null) {
					closeable.close();
				}
			}
			catch (Exception ex) {
				// closing what was opened, best effort
			}
		}
	}

	private static void grant(String subject, String organisation) {
		Grant grant = new Grant("g-" + UUID.randomUUID(), subject, organisation, "head-end", "firmware",
				Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600), "r-1", List.of("approver"));
		assertThat(grants.put(grant)).isEqualTo(GrantStore.PutResult.STORED);
	}

	private static HttpResponse<String> upload(TestGateway gateway, String subject, String organisation, byte[] image)
			throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create(gateway.url() + "/t/head-end/api/firmware/images"))
			.header(TestSignin.SUBJECT, subject)
			.header(TestSignin.ORGANISATION, organisation)
			.header("Origin", gateway.url())
			.header("Accept", "application/json")
			.header("Content-Type", "application/octet-stream")
			.POST(HttpRequest.BodyPublishers.ofByteArray(image))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static FirmwareHash hash(byte[] image) {
		return new FirmwareHash(HashingUpstream.sha256Hex(image));
	}

	@Test
	void uploadWhenPortalListsImageThenEveryGatewayForwardsItsNextUpload() throws Exception {
		byte[] image = ("propagated-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
		grant("alice@itron", "itron");
		HttpResponse<String> before = upload(first, "alice@itron", "itron", image);
		assertThat(before.statusCode()).isEqualTo(403);
		assertThat(before.body()).contains("FIRMWARE_NOT_ALLOWED");
		assertThat(upstream.arrivals()).noneMatch(arrival -> arrival.sha256().equals(hash(image).hex()));

		portal.allow(new AllowListEntry(hash(image), "itron", "OpenWay", "4.3.0", "lab test", "secadmin",
				Instant.now().minusSeconds(86_400)));

		assertThat(upload(first, "alice@itron", "itron", image).statusCode()).isEqualTo(201);
		assertThat(upload(second, "alice@itron", "itron", image).statusCode()).isEqualTo(201);
		assertThat(upstream.arrivals()).filteredOn(arrival -> arrival.sha256().equals(hash(image).hex())).hasSize(2);
	}

	@Test
	void uploadWhenHeldOnOneGatewayThenPortalSeesItAndReleaseLetsTheOtherForward() throws Exception {
		String organisation = "breached-" + UUID.randomUUID().toString().substring(0, 6);
		String subject = "bob@" + organisation;
		byte[] image = ("held-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
		grant(subject, organisation);
		portal.allow(new AllowListEntry(hash(image), "itron", "OpenWay", "4.3.1", "lab test", "secadmin",
				Instant.now().minusSeconds(86_400)));
		portal.openWindow(new DistrustWindow("w-" + organisation, organisation, Instant.now().minusSeconds(3600),
				Instant.now().plusSeconds(3600), "breach disclosed", "secadmin", Instant.now()));

		HttpResponse<String> held = upload(first, subject, organisation, image);

		assertThat(held.statusCode()).isEqualTo(403);
		assertThat(held.body()).contains("FIRMWARE_HELD");
		assertThat(portal.held(hash(image))).hasValueSatisfying(record -> {
			assertThat(record.gateway()).isEqualTo("gw-1");
			assertThat(record.uploader()).isEqualTo(subject);
			assertThat(record.state()).isEqualTo(HeldImage.State.HELD);
		});
		assertThat(upload(second, subject, organisation, image).body()).contains("FIRMWARE_HELD");
		assertThat(upstream.arrivals()).noneMatch(arrival -> arrival.sha256().equals(hash(image).hex()));

		assertThat(portal.decide(hash(image), HeldImage.State.RELEASED, "secadmin", Instant.now())).isPresent();

		assertThat(upload(second, subject, organisation, image).statusCode()).isEqualTo(201);
		assertThat(upstream.arrivals()).filteredOn(arrival -> arrival.sha256().equals(hash(image).hex())).hasSize(1);
	}

	@Test
	void uploadWhenAllowListEntryWrittenToRedisWithoutTheIntegrityKeyThenRefusedAndUpstreamGetsNothing() throws Exception {
		byte[] image = ("forged-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
		grant("mallory@itron", "itron");
		io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(redis.url());
		try (var connection = client.connect()) {
			// Someone with Redis access but no integrity key lists an image of their own.
			connection.sync().hset("{" + PREFIX + "}:fw:allow", hash(image).hex(),
					"test-k1\tAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\t" + hash(image).hex() + "\titron\tX\t1\tforged\tm\t"
							+ Instant.now());
		}
		finally {
			client.shutdown();
		}

		HttpResponse<String> response = upload(first, "mallory@itron", "itron", image);

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("STORE_UNAVAILABLE");
		assertThat(upstream.arrivals()).noneMatch(arrival -> arrival.sha256().equals(hash(image).hex()));
	}

}
