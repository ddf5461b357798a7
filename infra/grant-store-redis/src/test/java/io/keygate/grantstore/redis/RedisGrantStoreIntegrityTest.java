package io.keygate.grantstore.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.keygate.policy.grant.CachingGrantStore;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantLookup;
import io.keygate.policy.grant.RevocationEvent;
import io.keygate.policy.grant.RevocationListener;
import io.keygate.policy.testsupport.MutableClock;
import io.keygate.policy.testsupport.TestGrants;
import io.keygate.testsupport.RedisTestServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * An attacker who can reach Redis (here: with the password, e.g. a leaked one or a compromised
 * neighbour) writes records by hand. The store must act on none of them and raise the alarm.
 */
class RedisGrantStoreIntegrityTest {

	private static final Duration EVENTUALLY = Duration.ofSeconds(10);

	private static final Duration TIMEOUT = Duration.ofSeconds(3);

	private final MutableClock clock = MutableClock.startingNow();

	private final TestIntegrity gatewayAlarm = new TestIntegrity();

	private final List<AutoCloseable> closeables = new ArrayList<>();

	private String prefix;

	private RedisGrantStore authServer;

	private RedisGrantStore gateway;

	private RedisClient attackerClient;

	private RedisCommands<String, String> attacker;

	@BeforeEach
	void setUp() {
		this.prefix = "integrity-" + UUID.randomUUID();
		this.authServer = track(store(new TestIntegrity().with(TestIntegrity.KEY_1)));
		this.gateway = track(store(this.gatewayAlarm.with(TestIntegrity.KEY_1)));
		this.attackerClient = RedisClient.create(RedisTestServer.sharedWithPassword().uri());
		StatefulRedisConnection<String, String> connection = this.attackerClient.connect();
		this.closeables.add(connection);
		this.attacker = connection.sync();
	}

	@AfterEach
	void tearDown() throws Exception {
		java.util.Collections.reverse(this.closeables);
		for (AutoCloseable closeable : this.closeables) {
			closeable.close();
		}
		this.attackerClient.shutdown();
		RedisTestServer.sharedWithPassword().deleteKeys("{" + this.prefix + "}:*");
	}

	private RedisGrantStore store(StoreIntegrity integrity) {
		return new RedisGrantStore(RedisTestServer.sharedWithPassword().uri(), this.clock, this.prefix, TIMEOUT, integrity);
	}

	private <T extends AutoCloseable> T track(T closeable) {
		this.closeables.add(closeable);
		return closeable;
	}

	private String key(String rest) {
		return "{" + this.prefix + "}:" + rest;
	}

	private Grant grant() {
		return TestGrants.grant(this.clock).build();
	}

	/** What put.lua writes, by hand: the hash, the pair pointer, the indexes. */
	private void plant(Map<String, String> hash, Grant grant) {
		this.attacker.del(key("grant:" + grant.id()));
		this.attacker.hset(key("grant:" + grant.id()), hash);
		this.attacker.set(key("pair:" + grant.subject() + ":" + grant.targetId()), grant.id());
		this.attacker.zadd(key("org:" + grant.organisation()), grant.notAfter().toEpochMilli(), grant.id());
		this.attacker.zadd(key("live"), grant.notAfter().toEpochMilli(), grant.id());
	}

	private static Map<String, String> unsigned(Grant grant) {
		return RedisGrantCodec.map(RedisGrantCodec.fields(grant));
	}

	private GrantLookup lookup(Grant grant) {
		return this.gateway.lookup(grant.subject(), grant.organisation(), grant.targetId());
	}

	@Test
	void lookupWhenGrantHsetWithoutMacThenAbsentAndAlarm() {
		Grant forged = grant();
		plant(unsigned(forged), forged);

		assertThat(lookup(forged)).isEqualTo(new GrantLookup.Absent());
		assertThat(this.gatewayAlarm.raised).singleElement().satisfies(violation -> {
			assertThat(violation.record()).isEqualTo(IntegrityViolation.Record.GRANT);
			assertThat(violation.problem()).contains("MISSING");
		});
		assertThat(this.gateway.liveGrants()).isEmpty();
	}

	@Test
	void lookupWhenGrantMacMadeUpThenAbsentAndAlarm() {
		Grant forged = grant();
		Map<String, String> hash = unsigned(forged);
		hash.put("kid", "k1");
		hash.put("mac", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
		plant(hash, forged);

		assertThat(lookup(forged)).isEqualTo(new GrantLookup.Absent());
		assertThat(this.gatewayAlarm.raised).singleElement().extracting(IntegrityViolation::problem).asString().contains("BAD_MAC");
	}

	@Test
	void lookupWhenGrantSignedWithAKeyTheGatewayDoesNotHaveThenAbsentAndAlarm() {
		Grant forged = grant();
		try (RedisGrantStore rogue = store(new TestIntegrity().with(new IntegrityKey("k1", "not-the-real-key-0123456789abcdefghij")))) {
			rogue.put(forged);
		}

		assertThat(lookup(forged)).isEqualTo(new GrantLookup.Absent());
		assertThat(this.gatewayAlarm.raised).singleElement().extracting(IntegrityViolation::problem).asString().contains("BAD_MAC");
	}

	@Test
	void lookupWhenNotAfterOfGenuineGrantExtendedThenAbsentAndAlarm() {
		Grant genuine = grant();
		this.authServer.put(genuine);
		assertThat(lookup(genuine)).isEqualTo(new GrantLookup.Live(genuine));
		this.clock.advance(Duration.ofMinutes(59));
		String later = genuine.notAfter().plus(Duration.ofDays(7)).toString();
		this.attacker.hset(key("grant:" + genuine.id()),
				Map.of("na", later, "nam", Long.toString(genuine.notAfter().plus(Duration.ofDays(7)).toEpochMilli())));
		this.attacker.pexpire(key("grant:" + genuine.id()), Duration.ofDays(7).toMillis());
		this.attacker.pexpire(key("pair:" + genuine.subject() + ":" + genuine.targetId()), Duration.ofDays(7).toMillis());

		assertThat(lookup(genuine)).isEqualTo(new GrantLookup.Absent());
		assertThat(this.gatewayAlarm.raised).singleElement().extracting(IntegrityViolation::record)
			.isEqualTo(IntegrityViolation.Record.GRANT);
	}

	@Test
	void lookupWhenLevelOfGenuineGrantRaisedThenAbsentAndAlarm() {
		Grant genuine = grant();
		this.authServer.put(genuine);
		this.attacker.hset(key("grant:" + genuine.id()), "lvl", "firmware");

		assertThat(lookup(genuine)).isEqualTo(new GrantLookup.Absent());
		assertThat(this.gatewayAlarm.raised).hasSize(1);
	}

	@Test
	void lookupWhenFieldAddedBesideAValidMacThenAbsentAndAlarm() {
		Grant genuine = grant();
		this.authServer.put(genuine);
		this.attacker.hset(key("grant:" + genuine.id()), "a5", "mallory");

		assertThat(lookup(genuine)).isEqualTo(new GrantLookup.Absent());
		assertThat(this.gatewayAlarm.raised).hasSize(1);
	}

	@Test
	void lookupWhenPairPointsAtSomeoneElsesGenuineGrantThenAbsentAndAlarm() {
		Grant bobs = TestGrants.grant(this.clock).subject("bob").build();
		this.authServer.put(bobs);
		this.attacker.set(key("pair:mallory:" + bobs.targetId()), bobs.id());

		assertThat(this.gateway.lookup("mallory", bobs.organisation(), bobs.targetId())).isEqualTo(new GrantLookup.Absent());
		assertThat(this.gatewayAlarm.raised).singleElement().extracting(IntegrityViolation::problem).asString()
			.contains("points at grant " + bobs.id());
		assertThat(lookup(bobs)).isEqualTo(new GrantLookup.Live(bobs));
	}

	@Test
	void lookupWhenGrantKeyIsNotAHashThenAbsentAndAlarmAndRevocationStillWorks() {
		Grant forged = grant();
		this.attacker.set(key("grant:" + forged.id()), "junk");
		this.attacker.set(key("pair:" + forged.subject() + ":" + forged.targetId()), forged.id());
		this.attacker.zadd(key("org:" + forged.organisation()), forged.notAfter().toEpochMilli(), forged.id());

		assertThat(lookup(forged)).isEqualTo(new GrantLookup.Absent());
		assertThat(this.gatewayAlarm.raised).hasSize(1);
		// A planted record must never make a revocation fail.
		assertThat(this.authServer.revokeOrganisation(forged.organisation(), "breach")).isEmpty();
		assertThat(this.attacker.exists(key("grant:" + forged.id()))).isZero();
	}

	@Test
	void lookupWhenSuspensionOverwrittenAsResumedWithoutValidMacThenStillSuspendedAndAlarm() {
		this.authServer.suspend("itron", "breach declared");
		this.attacker.hset(key("susp:itron"), "state", "RESUMED");
		Grant forged = grant();
		Map<String, String> hash = unsigned(forged);
		plant(hash, forged);

		assertThat(lookup(forged)).isEqualTo(new GrantLookup.Suspended("itron"));
		assertThat(this.gateway.isSuspended("itron")).isTrue();
		assertThat(this.gatewayAlarm.raised).isNotEmpty()
			.allSatisfy(violation -> assertThat(violation.record()).isEqualTo(IntegrityViolation.Record.SUSPENSION));
	}

	@Test
	void lookupWhenGenuineLiftOfAnotherOrganisationCopiedOverASuspensionThenStillSuspended() {
		this.authServer.suspend("itron", "breach declared");
		this.authServer.suspend("landis", "maintenance");
		this.authServer.resume("landis");
		Map<String, String> landisLift = this.attacker.hgetall(key("susp:landis"));
		this.attacker.del(key("susp:itron"));
		this.attacker.hset(key("susp:itron"), landisLift);

		assertThat(this.gateway.isSuspended("itron")).isTrue();
		assertThat(this.gateway.isSuspended("landis")).isFalse();
		assertThat(this.gatewayAlarm.raised).singleElement().extracting(IntegrityViolation::problem).asString()
			.contains("stored for 'itron'");
	}

	@Test
	void lookupWhenSuspensionDeletedAndRevokedGrantReplayedThenStillSuspendedAndAlarm() {
		Grant genuine = grant();
		this.authServer.put(genuine);
		Map<String, String> captured = this.attacker.hgetall(key("grant:" + genuine.id()));
		assertThat(lookup(genuine)).isEqualTo(new GrantLookup.Live(genuine));
		this.authServer.suspend("itron", "breach declared");
		assertThat(lookup(genuine)).isEqualTo(new GrantLookup.Suspended("itron"));

		this.attacker.del(key("susp:itron"), key("tomb:" + genuine.subject() + ":" + genuine.targetId()));
		plant(captured, genuine);

		assertThat(lookup(genuine)).isEqualTo(new GrantLookup.Suspended("itron"));
		assertThat(this.gatewayAlarm.raised).singleElement().extracting(IntegrityViolation::problem).asString()
			.contains("deleted without a signed lift");
	}

	@Test
	void lookupWhenSuspensionLiftedByTheAuthServerThenNewGrantsCount() {
		this.authServer.suspend("itron", "breach declared");
		assertThat(this.gateway.isSuspended("itron")).isTrue();
		this.authServer.resume("itron");
		Grant grant = grant();
		assertThat(this.authServer.put(grant)).isEqualTo(io.keygate.policy.grant.GrantStore.PutResult.STORED);

		assertThat(lookup(grant)).isEqualTo(new GrantLookup.Live(grant));
		assertThat(this.gateway.isSuspended("itron")).isFalse();
		assertThat(this.gatewayAlarm.raised).isEmpty();
	}

	@Test
	void revocationMessageWhenForgedThenNoSessionEndsNoFeedLossAndCachesReread() {
		Grant genuine = grant();
		this.authServer.put(genuine);
		CachingGrantStore cache = track(new CachingGrantStore(this.gateway, this.clock));
		List<String> heard = new CopyOnWriteArrayList<>();
		cache.subscribe(new RevocationListener() {
			@Override
			public void revoked(RevocationEvent event) {
				heard.add("revoked " + event.key());
			}

			@Override
			public void feedLost() {
				heard.add("lost");
			}

			@Override
			public void reread() {
				heard.add("reread");
			}
		});
		await().atMost(EVENTUALLY).until(cache::revocationFeedUp);
		assertThat(cache.lookup(genuine.subject(), genuine.organisation(), genuine.targetId()))
			.isEqualTo(new GrantLookup.Live(genuine));
		// The old (v1, unsigned) format, a v2 with a made-up MAC, and a genuine message's MAC over another body.
		String body = "v1\nORGANISATION\nitron\n" + this.clock.millis() + "\n1\n" + genuine.id() + "\nforged";
		this.attacker.publish(key("revocations"), body);
		this.attacker.publish(key("revocations"), "v2\nk1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n" + body);
		this.attacker.publish(key("revocations"), "v2\nk9\nAAAA\n" + body);

		await().atMost(EVENTUALLY).until(() -> heard.size() == 3);
		assertThat(heard).containsExactly("reread", "reread", "reread");
		assertThat(this.gatewayAlarm.raised).hasSize(3)
			.allSatisfy(violation -> assertThat(violation.record()).isEqualTo(IntegrityViolation.Record.REVOCATION_MESSAGE));
		assertThat(cache.revocationFeedUp()).isTrue();
		assertThat(cache.lookup(genuine.subject(), genuine.organisation(), genuine.targetId()))
			.isEqualTo(new GrantLookup.Live(genuine));
	}

	@Test
	void revocationMessageWhenGenuineButReplayedLaterThenOnlyReread() {
		List<String> heard = new CopyOnWriteArrayList<>();
		this.gateway.subscribe(new RevocationListener() {
			@Override
			public void revoked(RevocationEvent event) {
				heard.add("revoked " + event.key());
			}

			@Override
			public void reread() {
				heard.add("reread");
			}
		});
		await().atMost(EVENTUALLY).until(this.gateway::revocationFeedUp);
		SignedRecords authServerKeys = new SignedRecords(IntegrityKeys.of(TestIntegrity.KEY_1), "{" + this.prefix + "}:");
		long old = this.clock.instant().minus(Duration.ofMinutes(5)).toEpochMilli();
		// Signed by the auth server, five minutes ago: "revoke everything of alice", replayed against her new grants.
		this.attacker.publish(key("revocations"), authServerKeys.signedMessage("v1\nSUBJECT\nalice\n" + old + "\n0\nphished"));
		this.attacker.publish(key("revocations"),
				authServerKeys.signedMessage("v1\nSUBJECT\nbob\n" + this.clock.millis() + "\n0\nphished"));

		await().atMost(EVENTUALLY).until(() -> heard.size() == 2);
		assertThat(heard).containsExactly("reread", "revoked bob");
		assertThat(this.gatewayAlarm.raised).singleElement().extracting(IntegrityViolation::problem).asString().contains("replayed");
	}

	@Test
	void revocationMessageWhenGenuineThenHeardAsRevocation() {
		Grant genuine = grant();
		this.authServer.put(genuine);
		List<RevocationEvent> heard = new CopyOnWriteArrayList<>();
		this.gateway.subscribe(heard::add);
		await().atMost(EVENTUALLY).until(this.gateway::revocationFeedUp);

		this.authServer.revoke(genuine.id(), "done");

		await().atMost(EVENTUALLY).until(() -> !heard.isEmpty());
		assertThat(heard).singleElement().satisfies(event -> {
			assertThat(event.key()).isEqualTo(genuine.id());
			assertThat(event.grantIds()).containsExactly(genuine.id());
			assertThat(event.reason()).isEqualTo("done");
		});
		assertThat(this.gatewayAlarm.raised).isEmpty();
	}

	@Test
	void keyRotationWhenBothKeysConfiguredThenBothVerifyAndWhenOldKeyRemovedThenItsRecordsRefused() {
		// Phase 1: gateways learn the new key k2 (second: verifies, does not sign); the auth server still signs with k1.
		TestIntegrity rotating = new TestIntegrity();
		RedisGrantStore gatewayBoth = track(store(rotating.with(TestIntegrity.KEY_1, TestIntegrity.KEY_2)));
		Grant signedWithOld = grant();
		this.authServer.put(signedWithOld);
		assertThat(gatewayBoth.lookup("alice", "itron", signedWithOld.targetId())).isEqualTo(new GrantLookup.Live(signedWithOld));

		// Phase 2: the auth server signs with k2; the old grant, signed with k1, still verifies.
		RedisGrantStore authServerNew = track(store(new TestIntegrity().with(TestIntegrity.KEY_2, TestIntegrity.KEY_1)));
		Grant signedWithNew = TestGrants.grant(this.clock).target("mdm-1").build();
		authServerNew.put(signedWithNew);
		assertThat(this.attacker.hget(key("grant:" + signedWithNew.id()), "kid")).isEqualTo("k2");
		assertThat(gatewayBoth.lookup("alice", "itron", "mdm-1")).isEqualTo(new GrantLookup.Live(signedWithNew));
		assertThat(gatewayBoth.lookup("alice", "itron", signedWithOld.targetId())).isEqualTo(new GrantLookup.Live(signedWithOld));
		assertThat(rotating.raised).isEmpty();

		// Phase 3: k1 is removed from the gateways; what it signed no longer counts.
		TestIntegrity afterRotation = new TestIntegrity();
		RedisGrantStore gatewayNewOnly = track(store(afterRotation.with(TestIntegrity.KEY_2)));
		assertThat(gatewayNewOnly.lookup("alice", "itron", "mdm-1")).isEqualTo(new GrantLookup.Live(signedWithNew));
		assertThat(gatewayNewOnly.lookup("alice", "itron", signedWithOld.targetId())).isEqualTo(new GrantLookup.Absent());
		assertThat(afterRotation.raised).singleElement().extracting(IntegrityViolation::problem).asString()
			.contains("UNKNOWN_KEY");
	}

}
