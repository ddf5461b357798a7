package io.keygate.gateway.session.shared;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.security.oauth2.client.oidc.authentication.logout.OidcLogoutToken;
import org.springframework.security.oauth2.client.oidc.server.session.ReactiveOidcSessionRegistry;
import org.springframework.security.oauth2.client.oidc.session.OidcSessionInformation;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Which gateway sessions a person signed in through, shared by every gateway instance in Redis, so
 * that a back-channel logout token posted to any pod finds the sessions signed in on all of them.
 * Per gateway session one hash ({@code <base>oidc:session:<id>}: issuer, subject, provider session
 * id, audience), and two sets naming the gateway sessions of a provider session and of a subject
 * (keyed by a hash of issuer and value, so a claim cannot shape a key). Written and removed by
 * scripts, so a record and its index entries never disagree; everything expires with the gateway
 * session's absolute limit. Matching follows Spring's in-memory registry: by {@code sid} when the
 * token has one, else by subject; issuer equal, audience shared.
 * <p>
 * Unsigned on purpose: a record only names sessions to end, so a forged one can only end sessions
 * (which deleting their keys can too) and a deleted one is what a Redis writer could do anyway. The
 * CSRF token Spring keeps for its loop-back logout call is not stored: our handler needs none.
 */
final class RedisOidcSessionRegistry implements ReactiveOidcSessionRegistry {

	private static final RedisScript<Long> SAVE = RedisScript.of("""
			redis.call('DEL', KEYS[1])
			redis.call('HSET', KEYS[1], 'iss', ARGV[2], 'sub', ARGV[3], 'sid', ARGV[4], 'aud', ARGV[5])
			redis.call('EXPIRE', KEYS[1], ARGV[6])
			for i = 2, #KEYS do
			  redis.call('SADD', KEYS[i], ARGV[1])
			  redis.call('EXPIRE', KEYS[i], ARGV[6])
			end
			return 1""", Long.class);

	private static final RedisScript<Long> REMOVE = RedisScript.of("""
			local existed = redis.call('DEL', KEYS[1])
			for i = 2, #KEYS do
			  redis.call('SREM', KEYS[i], ARGV[1])
			end
			return existed""", Long.class);

	private final ReactiveStringRedisTemplate redis;

	private final String base;

	private final Duration lifetime;

	/**
	 * @param base the installation's session key base, {@code {prefix}:session:}
	 * @param lifetime how long a record may outlive its save: the gateway session's absolute limit
	 */
	RedisOidcSessionRegistry(ReactiveStringRedisTemplate redis, String base, Duration lifetime) {
		this.redis = Objects.requireNonNull(redis, "redis cannot be null");
		this.base = Objects.requireNonNull(base, "base cannot be null");
		this.lifetime = Objects.requireNonNull(lifetime, "lifetime cannot be null");
	}

	@Override
	public Mono<Void> saveSessionInformation(OidcSessionInformation info) {
		OidcUser user = info.getPrincipal();
		String issuer = user.getIssuer() == null ? "" : user.getIssuer().toString();
		String sid = user.getClaimAsString("sid");
		Record record = new Record(info.getSessionId(), issuer, user.getSubject(), sid == null ? "" : sid,
				String.join(" ", user.getAudience() == null ? List.of() : user.getAudience()));
		List<String> args = List.of(record.sessionId(), record.issuer(), record.subject(), record.sid(), record.audience(),
				Long.toString(Math.max(1, this.lifetime.toSeconds())));
		return this.redis.execute(SAVE, keys(record), args).then();
	}

	@Override
	public Mono<OidcSessionInformation> removeSessionInformation(String clientSessionId) {
		return read(clientSessionId).flatMap(this::remove);
	}

	@Override
	public Flux<OidcSessionInformation> removeSessionInformation(OidcLogoutToken token) {
		String issuer = token.getIssuer() == null ? "" : token.getIssuer().toString();
		boolean bySid = token.getSessionId() != null;
		String index = bySid ? sidIndex(issuer, token.getSessionId()) : subjectIndex(issuer, token.getSubject());
		List<String> audience = token.getAudience() == null ? List.of() : token.getAudience();
		return this.redis.opsForSet()
			.members(index)
			.concatMap(this::read)
			.filter(record -> record.issuer().equals(issuer)
					&& (bySid ? record.sid().equals(token.getSessionId()) : record.subject().equals(token.getSubject()))
					&& List.of(record.audience().split(" ")).stream().anyMatch(audience::contains))
			.concatMap(this::remove);
	}

	private Mono<Record> read(String sessionId) {
		return this.redis.<String, String>opsForHash().entries(recordKey(sessionId)).collectMap(Map.Entry::getKey, Map.Entry::getValue)
			.filter(fields -> !fields.isEmpty())
			.map(fields -> new Record(sessionId, fields.getOrDefault("iss", ""), fields.getOrDefault("sub", ""),
					fields.getOrDefault("sid", ""), fields.getOrDefault("aud", "")));
	}

	/** Removes the record; emits it only if this call removed it (two pods handling one token end it once). */
	private Mono<OidcSessionInformation> remove(Record record) {
		return this.redis.execute(REMOVE, keys(record), List.of(record.sessionId()))
			.next()
			.filter(removed -> removed == 1L)
			.map(removed -> record.information());
	}

	private List<String> keys(Record record) {
		List<String> keys = new ArrayList<>(3);
		keys.add(recordKey(record.sessionId()));
		keys.add(subjectIndex(record.issuer(), record.subject()));
		if (!record.sid().isEmpty()) {
			keys.add(sidIndex(record.issuer(), record.sid()));
		}
		return keys;
	}

	private String recordKey(String sessionId) {
		return this.base + "oidc:session:" + sessionId;
	}

	private String subjectIndex(String issuer, String subject) {
		return this.base + "oidc:sub:" + digest(issuer, subject);
	}

	private String sidIndex(String issuer, String sid) {
		return this.base + "oidc:sid:" + digest(issuer, sid);
	}

	private static String digest(String issuer, String value) {
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			sha.update(issuer.getBytes(StandardCharsets.UTF_8));
			sha.update((byte) 0);
			sha.update(String.valueOf(value).getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(sha.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 unavailable (this is a bug)", ex);
		}
	}

	/** One stored sign-in. */
	private record Record(String sessionId, String issuer, String subject, String sid, String audience) {

		/** The gateway session id, and a principal with only the claims matching uses (issuer, subject, sid, audience). */
		OidcSessionInformation information() {
			Map<String, Object> claims = new java.util.LinkedHashMap<>();
			claims.put(IdTokenClaimNames.SUB, this.subject);
			if (!this.issuer.isEmpty()) {
				claims.put(IdTokenClaimNames.ISS, this.issuer);
			}
			if (!this.sid.isEmpty()) {
				claims.put("sid", this.sid);
			}
			// Spring re-saves this under the new id when the session id changes at sign-in: keep what matching needs.
			if (!this.audience.isEmpty()) {
				claims.put(IdTokenClaimNames.AUD, List.of(this.audience.split(" ")));
			}
			OidcIdToken token = new OidcIdToken("stored", null, null, claims);
			return new OidcSessionInformation(this.sessionId, Map.of(), new DefaultOidcUser(List.of(), token));
		}

	}

}
