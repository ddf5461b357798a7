package io.keygate.grantstore.redis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * One Lua script of the grant store (the shared head {@code common.lua} plus its own body), run by
 * EVALSHA and sent whole by EVAL only when Redis does not know it (first use, or after a restart
 * emptied its script cache).
 */
final class RedisScript {

	private final String name;

	private final String source;

	private final String sha;

	/** Run with EVALSHA_RO: a gateway's Redis user may read grant keys only, and plain EVAL counts as a write. */
	private final boolean readOnly;

	private RedisScript(String name, String source, boolean readOnly) {
		this.name = name;
		this.source = source;
		this.sha = sha1(source);
		this.readOnly = readOnly;
	}

	static RedisScript load(String name) {
		return new RedisScript(name, resource("common.lua") + "\n" + resource(name + ".lua"), false);
	}

	/** A script that only reads (Redis 7 or newer: EVALSHA_RO), so a read-only ACL user can run it. */
	static RedisScript loadReadOnly(String name) {
		return new RedisScript(name, resource("common.lua") + "\n" + resource(name + ".lua"), true);
	}

	private static String resource(String file) {
		try (InputStream in = RedisScript.class.getResourceAsStream(file)) {
			if (in == null) {
				throw new IllegalStateException("grant store script " + file + " missing from the class path (this is a bug)");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot read grant store script " + file, ex);
		}
	}

	private static String sha1(String text) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-1 unavailable", ex);
		}
	}

	<T> T run(RedisCommands<String, String> redis, ScriptOutputType type, String[] keys, String... args) {
		try {
			return this.readOnly ? redis.evalshaReadOnly(this.sha, type, keys, args) : redis.evalsha(this.sha, type, keys, args);
		}
		catch (RedisNoScriptException ex) {
			return this.readOnly ? redis.evalReadOnly(this.source.getBytes(StandardCharsets.UTF_8), type, keys, args)
					: redis.eval(this.source, type, keys, args);
		}
	}

	@Override
	public String toString() {
		return "grant store script '" + this.name + "'";
	}

}
