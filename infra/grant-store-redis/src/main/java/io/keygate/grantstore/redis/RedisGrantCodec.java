package io.keygate.grantstore.redis;

import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.RevocationEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How grants and revocation events look in Redis. Written by hand on purpose: the format is tiny,
 * and {@code policy} carries no JSON library. A grant is a hash of short fields; the instants are
 * kept exactly (ISO-8601) and notAfter once more in epoch milliseconds for the scripts' clock checks.
 */
final class RedisGrantCodec {

	private RedisGrantCodec() {
	}

	/** Field/value pairs of the grant hash, in the order the put script expects them. */
	static List<String> fields(Grant grant) {
		List<String> out = new ArrayList<>();
		add(out, "id", grant.id());
		add(out, "sub", grant.subject());
		add(out, "org", grant.organisation());
		add(out, "tgt", grant.targetId());
		add(out, "lvl", grant.level());
		add(out, "nb", grant.notBefore().toString());
		add(out, "na", grant.notAfter().toString());
		add(out, "nam", Long.toString(grant.notAfter().toEpochMilli()));
		add(out, "req", grant.requestId());
		// Approvers are free text: one field each rather than a joined string that a separator could break.
		add(out, "an", Integer.toString(grant.approvers().size()));
		for (int i = 0; i < grant.approvers().size(); i++) {
			add(out, "a" + i, grant.approvers().get(i));
		}
		return out;
	}

	private static void add(List<String> out, String field, String value) {
		out.add(field);
		out.add(value);
	}

	/** The flat HGETALL reply as a map; throws IllegalStateException when it is not field/value pairs. */
	static Map<String, String> map(Object flatReply) {
		if (!(flatReply instanceof List<?> flat) || flat.size() % 2 != 0) {
			throw new IllegalStateException("entry is not a field/value list");
		}
		Map<String, String> map = new HashMap<>();
		for (int i = 0; i < flat.size(); i += 2) {
			if (map.put(String.valueOf(flat.get(i)), String.valueOf(flat.get(i + 1))) != null) {
				throw new IllegalStateException("field '" + flat.get(i) + "' twice");
			}
		}
		return map;
	}

	/** A grant from its hash; throws IllegalStateException when a field is missing or bad. Verifies nothing. */
	static Grant grant(Map<String, String> map) {
		try {
			int approverCount = Integer.parseInt(required(map, "an"));
			if (approverCount < 0 || approverCount > 100) {
				throw new IllegalStateException("implausible approver count " + approverCount);
			}
			List<String> approvers = new ArrayList<>(approverCount);
			for (int i = 0; i < approverCount; i++) {
				approvers.add(required(map, "a" + i));
			}
			return new Grant(required(map, "id"), required(map, "sub"), required(map, "org"), required(map, "tgt"),
					required(map, "lvl"), Instant.parse(required(map, "nb")), Instant.parse(required(map, "na")),
					required(map, "req"), approvers);
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("grant entry " + map.get("id") + " is corrupt: " + ex.getMessage(), ex);
		}
	}

	private static String required(Map<String, String> map, String field) {
		String value = map.get(field);
		if (value == null) {
			throw new IllegalStateException("field '" + field + "' missing");
		}
		return value;
	}

	/** Decodes a message of the revocation channel (format in common.lua); throws IllegalArgumentException. */
	static RevocationEvent event(String message) {
		List<String> head = new ArrayList<>();
		int from = 0;
		// v1, scope, key, at, count: five lines, then count ids, then the reason to the end.
		while (head.size() < 5) {
			int end = message.indexOf('\n', from);
			if (end < 0) {
				throw new IllegalArgumentException("revocation message too short");
			}
			head.add(message.substring(from, end));
			from = end + 1;
		}
		if (!"v1".equals(head.get(0))) {
			throw new IllegalArgumentException("unknown revocation message version '" + head.get(0) + "'");
		}
		RevocationEvent.Scope scope = RevocationEvent.Scope.valueOf(head.get(1));
		Instant at = Instant.ofEpochMilli(Long.parseLong(head.get(3)));
		int count = Integer.parseInt(head.get(4));
		if (count < 0 || count > 1_000_000) {
			throw new IllegalArgumentException("implausible grant count " + count);
		}
		List<String> ids = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			int end = message.indexOf('\n', from);
			if (end < 0) {
				throw new IllegalArgumentException("revocation message lists fewer than " + count + " grants");
			}
			ids.add(message.substring(from, end));
			from = end + 1;
		}
		return new RevocationEvent(scope, head.get(2), ids, message.substring(from), at);
	}

}
