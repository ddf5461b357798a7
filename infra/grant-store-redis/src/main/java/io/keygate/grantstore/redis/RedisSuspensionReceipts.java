package io.keygate.grantstore.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.keygate.policy.Names;
import io.keygate.policy.breach.SuspensionReceipt;
import io.keygate.policy.breach.SuspensionReceipts;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * Gateways' receipts for an organisation's suspension, in the shared Redis of the distributed mode:
 * one hash per organisation ({@code <prefix>:audit:receipts:<organisation>}), one field per
 * (gateway instance, suspension). The key lives under {@code <prefix>:audit:}, which the deployment's
 * gateway ACL user may write (as it appends to the audit stream), while grants and suspensions stay
 * out of its reach. Hashes expire after {@link #KEEP}: the declaration's own record in the database
 * keeps the counts. A gateway writes without waiting (its revocation feed must not stall on this);
 * a write that fails is logged, and the missing receipt is what the admin sees.
 */
public final class RedisSuspensionReceipts implements SuspensionReceipts, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(RedisSuspensionReceipts.class);

	/** How long receipts stay in Redis. */
	static final Duration KEEP = Duration.ofDays(30);

	private final RedisClient client;

	/** Opened on first use (and again after a failed attempt): a Redis that is down at start-up stops nothing. */
	private volatile StatefulRedisConnection<String, String> connection;

	private final String prefix;

	public RedisSuspensionReceipts(RedisURI uri, String keyPrefix, Duration commandTimeout) {
		this(uri, RedisTls.jvmDefault(), keyPrefix, commandTimeout);
	}

	/** Trusting {@code tls}'s CA for {@code rediss://}. */
	public RedisSuspensionReceipts(RedisURI uri, RedisTls tls, String keyPrefix, Duration commandTimeout) {
		this.client = RedisClients.owned(uri, tls, keyPrefix, commandTimeout);
		this.prefix = keyPrefix;
	}

	private synchronized StatefulRedisConnection<String, String> connection() {
		if (this.connection == null) {
			this.connection = this.client.connect();
		}
		return this.connection;
	}

	private String key(String organisation) {
		Names.requireToken(organisation, "organisation");
		return this.prefix + ":audit:receipts:" + organisation;
	}

	private static String field(String gatewayInstance, String suspension) {
		return gatewayInstance + "\n" + suspension;
	}

	@Override
	public void record(SuspensionReceipt receipt) {
		Objects.requireNonNull(receipt, "receipt cannot be null");
		String key = key(receipt.organisation());
		io.lettuce.core.api.async.RedisAsyncCommands<String, String> async;
		try {
			async = connection().async();
		}
		catch (RuntimeException ex) {
			log.error("Could not write the receipt of {} for {} ({}): Redis unreachable; the admin sees it missing",
					receipt.gatewayInstance(), receipt.organisation(), receipt.suspension(), ex);
			return;
		}
		async.hset(key, field(receipt.gatewayInstance(), receipt.suspension()),
				"v1\n" + receipt.sessionsClosed() + "\n" + receipt.at())
			.thenCompose(ignored -> async.expire(key, KEEP.toSeconds()))
			.whenComplete((ok, failure) -> {
				if (failure != null) {
					log.error("Could not write the receipt of {} for {} ({}): the admin sees it missing", receipt.gatewayInstance(),
							receipt.organisation(), receipt.suspension(), failure);
				}
			});
	}

	@Override
	public List<SuspensionReceipt> receiptsFor(String organisation, String suspension) {
		Map<String, String> all = connection().sync().hgetall(key(organisation));
		List<SuspensionReceipt> receipts = new ArrayList<>();
		for (Map.Entry<String, String> entry : all.entrySet()) {
			int split = entry.getKey().indexOf('\n');
			if (split < 1 || !entry.getKey().substring(split + 1).equals(suspension)) {
				continue;
			}
			String[] value = entry.getValue().split("\n", 3);
			try {
				if (value.length != 3 || !value[0].equals("v1")) {
					throw new IllegalArgumentException("unknown receipt format");
				}
				receipts.add(new SuspensionReceipt(organisation, suspension, entry.getKey().substring(0, split),
						Integer.parseInt(value[1]), Instant.parse(value[2])));
			}
			catch (RuntimeException ex) {
				// Unreadable is as good as missing: shown red, never counted as a receipt.
				log.warn("Unreadable receipt for {} in Redis ({}): ignored", organisation, ex.getMessage());
			}
		}
		receipts.sort(Comparator.comparing(SuspensionReceipt::gatewayInstance));
		return receipts;
	}

	@Override
	public synchronized void close() {
		RedisClients.closeQuietly(this.connection);
		RedisClients.shutdown(this.client);
	}

}
