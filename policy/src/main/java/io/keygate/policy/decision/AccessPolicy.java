package io.keygate.policy.decision;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import io.keygate.policy.Names;
import io.keygate.policy.decision.Decision.Allow;
import io.keygate.policy.decision.Decision.Deny;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantLookup;
import io.keygate.policy.grant.GrantSource;
import io.keygate.policy.path.RequestPath;
import io.keygate.policy.catalog.AccessLevel;
import io.keygate.policy.catalog.Target;
import io.keygate.policy.catalog.TargetCatalog;
import io.keygate.policy.catalog.WebSocketMode;
import io.keygate.policy.shape.SameOriginRule;
import io.keygate.policy.shape.ShapeSettings;

/**
 * The one access decision. The gateway calls {@link #decide} for every request and every
 * WebSocket handshake and never decides on its own.
 * <p>
 * Deny by default: each check below either denies with a reason or lets the next one run, and
 * only the end of the list allows. The order matters: checks that need nothing from the store run
 * first (so a decoy touch is seen even when the store is down), and the store's answer is taken as
 * one atomic {@link GrantLookup}.
 */
public final class AccessPolicy {

	private static final Pattern METHOD = Pattern.compile("[A-Z]{1,16}");

	private final TargetCatalog catalog;

	private final Clock clock;

	private final ShapeSettings shape;

	public AccessPolicy(TargetCatalog catalog, Clock clock) {
		this(catalog, clock, ShapeSettings.STRICT);
	}

	public AccessPolicy(TargetCatalog catalog, Clock clock, ShapeSettings shape) {
		this.catalog = Objects.requireNonNull(catalog, "catalog cannot be null");
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
		this.shape = Objects.requireNonNull(shape, "shape cannot be null");
	}

	/** Checks that need nothing from the store; run first so that a decoy touch is seen even when the store is down. */
	private Optional<Deny> precheck(AccessQuery query) {
		if (query == null || !Names.isToken(query.subject()) || !Names.isToken(query.organisation())) {
			return Optional.of(new Deny(DenyReason.MALFORMED_REQUEST, "missing or malformed identity"));
		}
		if (query.method() == null || !METHOD.matcher(query.method()).matches()) {
			return Optional.of(new Deny(DenyReason.MALFORMED_REQUEST, "malformed method"));
		}
		Optional<Target> target = this.catalog.find(query.targetId());
		if (target.isEmpty()) {
			return Optional.of(new Deny(DenyReason.UNKNOWN_TARGET, "no target '" + query.targetId() + "' in the catalogue"));
		}
		if (target.get().decoy()) {
			return Optional.of(new Deny(DenyReason.DECOY, "decoy target '" + query.targetId() + "' touched"));
		}
		// The request's shape needs no store either: an override or a cross-site request is
		// refused whatever the grant, and before anyone looks it up.
		Optional<String> override = this.shape.refusedOverride(query.shape());
		if (override.isPresent()) {
			return Optional.of(new Deny(DenyReason.OVERRIDE_REFUSED, override.get()));
		}
		Optional<String> crossOrigin = SameOriginRule.violation(query.method(), query.shape(),
				this.shape.allowHeaderlessUnsafe());
		if (crossOrigin.isPresent()) {
			return Optional.of(new Deny(DenyReason.CROSS_ORIGIN, crossOrigin.get()));
		}
		return Optional.empty();
	}

	/**
	 * Decides one request. {@code grants} is consulted at most once, only after the checks that
	 * need no store have passed; if it throws, the answer is {@code STORE_UNAVAILABLE}.
	 */
	public Decision decide(AccessQuery query, GrantSource grants) {
		Optional<Deny> early = precheck(query);
		if (early.isPresent()) {
			return early.get();
		}
		Target target = this.catalog.find(query.targetId()).orElseThrow();
		RequestPath.Result normalised = RequestPath.normalise(query.rawPath());
		if (normalised instanceof RequestPath.Rejected rejected) {
			return new Deny(DenyReason.MALFORMED_REQUEST, "ambiguous path: " + rejected.why());
		}
		String path = ((RequestPath.Normalised) normalised).path();
		GrantLookup lookup;
		try {
			lookup = grants.lookup(query.subject(), query.organisation(), target.id());
		}
		catch (RuntimeException ex) {
			return new Deny(DenyReason.STORE_UNAVAILABLE, "grant lookup failed: " + ex);
		}
		if (lookup == null) {
			return new Deny(DenyReason.STORE_UNAVAILABLE, "grant source answered null (this is a bug)");
		}
		if (lookup instanceof GrantLookup.Unavailable unavailable) {
			return new Deny(DenyReason.STORE_UNAVAILABLE, unavailable.detail());
		}
		if (lookup instanceof GrantLookup.Suspended suspended) {
			return new Deny(DenyReason.ORG_SUSPENDED, "organisation '" + suspended.organisation() + "' is suspended");
		}
		if (lookup instanceof GrantLookup.Revoked revoked) {
			if (revoked.endedByHolder()) {
				return new Deny(DenyReason.ENDED, "ended by its holder", revoked.grantId());
			}
			return new Deny(DenyReason.REVOKED, "revoked: " + revoked.reason(), revoked.grantId());
		}
		if (!(lookup instanceof GrantLookup.Live live)) {
			return new Deny(DenyReason.NO_GRANT, "no grant for " + query.subject() + " on " + target.id());
		}
		Grant grant = live.grant();
		if (!grant.subject().equals(query.subject()) || !grant.organisation().equals(query.organisation())
				|| !grant.targetId().equals(target.id())) {
			return new Deny(DenyReason.NO_GRANT, "store returned grant " + grant.id() + " of another subject, organisation"
					+ " or target (this is a bug)", grant.id());
		}
		Instant now = this.clock.instant();
		if (now.isBefore(grant.notBefore())) {
			return new Deny(DenyReason.NOT_YET_VALID, "grant starts at " + grant.notBefore(), grant.id());
		}
		if (!now.isBefore(grant.notAfter())) {
			return new Deny(DenyReason.EXPIRED, "grant ended at " + grant.notAfter(), grant.id());
		}
		Optional<AccessLevel> level = target.level(grant.level());
		if (level.isEmpty()) {
			return new Deny(DenyReason.LEVEL_UNKNOWN, "target " + target.id() + " offers no level '" + grant.level() + "'",
					grant.id());
		}
		if (!level.get().allowsMethodAnywhere(query.method())) {
			return new Deny(DenyReason.METHOD_NOT_ALLOWED, query.method() + " not in level '" + grant.level() + "'", grant.id());
		}
		if (!level.get().allows(query.method(), path)) {
			return new Deny(DenyReason.PATH_NOT_ALLOWED, query.method() + " " + path + " not in level '" + grant.level() + "'",
					grant.id());
		}
		if (query.shape().body() && !level.get().admitsBody(query.method(), path)) {
			return new Deny(DenyReason.BODY_NOT_ALLOWED, query.method() + " " + path + " with a body, which level '"
					+ grant.level() + "' does not admit", grant.id());
		}
		if (query.shape().webSocket()) {
			WebSocketMode mode = level.get().webSocket(path);
			if (mode == WebSocketMode.NONE) {
				return new Deny(DenyReason.WEBSOCKET_NOT_ALLOWED, "WebSocket on " + path + " not in level '" + grant.level() + "'",
						grant.id());
			}
			return new Allow(grant, path, mode);
		}
		return new Allow(grant, path);
	}

}
