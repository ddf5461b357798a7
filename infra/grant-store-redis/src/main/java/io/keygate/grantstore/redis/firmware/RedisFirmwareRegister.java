package io.keygate.grantstore.redis.firmware;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.keygate.grantstore.redis.IntegrityKeys;
import io.keygate.grantstore.redis.RedisClients;
import io.keygate.policy.Names;
import io.keygate.policy.firmware.AllowListEntry;
import io.keygate.policy.firmware.DistrustWindow;
import io.keygate.policy.firmware.FirmwareHash;
import io.keygate.policy.firmware.FirmwareRegister;
import io.keygate.policy.firmware.FirmwareRegisterUnavailableException;
import io.keygate.policy.firmware.HeldImage;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * The firmware register in Redis, shared by the auth server and every gateway: four hashes under
 * the installation's hash tag ({@code {<prefix>}:fw:allow|windows|seen|held}). The allow-list,
 * windows and decisions are written by the auth server and read by gateways on every upload (an
 * upload is rare and large, so no near cache: a change is seen by the next upload on every
 * gateway); first sightings and holds are written by gateways and read by the portal.
 * <p>
 * Set-once writes are atomic in Redis ({@code HSETNX}); a decision on a held image is a
 * compare-and-set in one script, so two admins deciding at once cannot both win. Every value is
 * HMAC-signed with the grant store's integrity keys ({@link SignedFirmwareValues}).
 */
public final class RedisFirmwareRegister implements FirmwareRegister, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(RedisFirmwareRegister.class);

	private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

	private static final String COMPARE_AND_SET = "if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then "
			+ "redis.call('HSET', KEYS[1], ARGV[1], ARGV[3]) return 1 else return 0 end";

	private final RedisClient client;

	private final StatefulRedisConnection<String, String> connection;

	private final String allowKey;

	private final String windowsKey;

	private final String seenKey;

	private final String heldKey;

	private final SignedFirmwareValues signed;

	private RedisFirmwareRegister(RedisClient client, String keyPrefix, IntegrityKeys keys) {
		this.client = client;
		this.signed = new SignedFirmwareValues(keys, keyPrefix);
		this.connection = client.connect();
		String base = "{" + keyPrefix + "}:fw:";
		this.allowKey = base + "allow";
		this.windowsKey = base + "windows";
		this.seenKey = base + "seen";
		this.heldKey = base + "held";
	}

	/** @param keys the installation's integrity keys (the grant store's): every value is signed and verified */
	public static RedisFirmwareRegister connect(String redisUrl, String keyPrefix, IntegrityKeys keys) {
		return connect(redisUrl, io.keygate.grantstore.redis.RedisTls.jvmDefault(), keyPrefix, keys);
	}

	/** Like {@link #connect(String, String, IntegrityKeys)}, trusting {@code tls}'s CA for {@code rediss://}. */
	public static RedisFirmwareRegister connect(String redisUrl, io.keygate.grantstore.redis.RedisTls tls, String keyPrefix,
			IntegrityKeys keys) {
		Names.requireToken(keyPrefix, "firmware register key prefix");
		RedisURI uri = RedisURI.create(redisUrl);
		RedisClient client = RedisClients.create(uri, tls, COMMAND_TIMEOUT);
		try {
			RedisFirmwareRegister register = new RedisFirmwareRegister(client, keyPrefix, keys);
			log.info("Firmware register: Redis at {}:{} (key prefix '{}')", uri.getHost(), uri.getPort(), keyPrefix);
			return register;
		}
		catch (RuntimeException ex) {
			client.shutdown();
			throw ex;
		}
	}

	@Override
	public Optional<AllowListEntry> allowListed(FirmwareHash hash) {
		return call(() -> Optional.ofNullable(get(this.allowKey, hash.hex())).map(FirmwareRecordCodec::allowListEntry));
	}

	@Override
	public List<AllowListEntry> allowList() {
		return call(() -> {
			List<AllowListEntry> entries = new ArrayList<>();
			for (Map.Entry<String, String> entry : redis().hgetall(this.allowKey).entrySet()) {
				entries.add(FirmwareRecordCodec.allowListEntry(this.signed.verified(this.allowKey, entry.getKey(), entry.getValue())));
			}
			entries.sort(Comparator.comparing(AllowListEntry::addedAt).reversed());
			return entries;
		});
	}

	@Override
	public boolean allow(AllowListEntry entry) {
		return call(() -> setOnce(this.allowKey, entry.hash().hex(), FirmwareRecordCodec.encode(entry)));
	}

	@Override
	public List<DistrustWindow> windows() {
		return call(() -> {
			List<DistrustWindow> windows = new ArrayList<>();
			for (Map.Entry<String, String> entry : redis().hgetall(this.windowsKey).entrySet()) {
				windows.add(FirmwareRecordCodec.window(this.signed.verified(this.windowsKey, entry.getKey(), entry.getValue())));
			}
			windows.sort(Comparator.comparing(DistrustWindow::openedAt));
			return windows;
		});
	}

	@Override
	public void openWindow(DistrustWindow window) {
		call(() -> setOnce(this.windowsKey, window.id(), FirmwareRecordCodec.encode(window)));
	}

	@Override
	public Instant firstSeen(FirmwareHash hash, Instant now) {
		return call(() -> {
			setOnce(this.seenKey, hash.hex(), now.toString());
			return Instant.parse(get(this.seenKey, hash.hex()));
		});
	}

	@Override
	public Optional<HeldImage> held(FirmwareHash hash) {
		return call(() -> Optional.ofNullable(get(this.heldKey, hash.hex())).map(FirmwareRecordCodec::heldImage));
	}

	@Override
	public List<HeldImage> held() {
		return call(() -> {
			List<HeldImage> images = new ArrayList<>();
			for (Map.Entry<String, String> entry : redis().hgetall(this.heldKey).entrySet()) {
				images.add(FirmwareRecordCodec.heldImage(this.signed.verified(this.heldKey, entry.getKey(), entry.getValue())));
			}
			images.sort(Comparator.comparing(HeldImage::heldAt).reversed());
			return images;
		});
	}

	@Override
	public boolean hold(HeldImage image) {
		return call(() -> setOnce(this.heldKey, image.hash().hex(), FirmwareRecordCodec.encode(image)));
	}

	@Override
	public Optional<HeldImage> decide(FirmwareHash hash, HeldImage.State decision, String by, Instant at) {
		return call(() -> {
			String current = redis().hget(this.heldKey, hash.hex());
			if (current == null) {
				return Optional.empty();
			}
			HeldImage image = FirmwareRecordCodec.heldImage(this.signed.verified(this.heldKey, hash.hex(), current));
			if (image.state() != HeldImage.State.HELD) {
				return Optional.empty();
			}
			HeldImage decided = image.decide(decision, by, at);
			Long set = redis().eval(COMPARE_AND_SET, ScriptOutputType.INTEGER, new String[] { this.heldKey }, hash.hex(),
					current, this.signed.sign(this.heldKey, hash.hex(), FirmwareRecordCodec.encode(decided)));
			return set != null && set == 1L ? Optional.of(decided) : Optional.empty();
		});
	}

	private String get(String key, String field) {
		String stored = redis().hget(key, field);
		return stored == null ? null : this.signed.verified(key, field, stored);
	}

	private boolean setOnce(String key, String field, String value) {
		return redis().hsetnx(key, field, this.signed.sign(key, field, value));
	}

	private RedisCommands<String, String> redis() {
		return this.connection.sync();
	}

	private <T> T call(Supplier<T> command) {
		try {
			return command.get();
		}
		catch (RedisException ex) {
			throw new FirmwareRegisterUnavailableException("Redis: " + ex.getMessage(), ex);
		}
	}

	@Override
	public void close() {
		try {
			this.connection.close();
		}
		finally {
			this.client.shutdown();
		}
	}

}
