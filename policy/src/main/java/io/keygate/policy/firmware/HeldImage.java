package io.keygate.policy.firmware;

import java.time.Instant;
import java.util.Objects;

import io.keygate.policy.Names;

/**
 * A firmware image the gateway kept back because of a distrust window: stored content-addressed by
 * the gateway that received it, not forwarded, until a security admin releases or rejects it. A
 * rejected image stays listed (and stored) as evidence; a decided image is never decided again.
 */
public record HeldImage(FirmwareHash hash, String organisation, String uploader, String target, String gateway,
		long size, Instant heldAt, String why, State state, String decidedBy, Instant decidedAt) {

	public enum State {
		HELD, RELEASED, REJECTED
	}

	public HeldImage {
		Objects.requireNonNull(hash, "hash cannot be null");
		Names.requireToken(organisation, "organisation");
		Names.requireToken(uploader, "uploader");
		Names.requireToken(target, "target");
		Names.requireToken(gateway, "gateway");
		if (size < 0) {
			throw new IllegalArgumentException("size cannot be negative");
		}
		Objects.requireNonNull(heldAt, "heldAt cannot be null");
		why = FirmwareText.require(why, "why", 300);
		Objects.requireNonNull(state, "state cannot be null");
		if ((state == State.HELD) != (decidedBy == null) || (decidedBy == null) != (decidedAt == null)) {
			throw new IllegalArgumentException("a held image has no decision; a decided one names who decided and when");
		}
		if (decidedBy != null) {
			Names.requireToken(decidedBy, "decidedBy");
		}
	}

	public static HeldImage held(FirmwareHash hash, String organisation, String uploader, String target, String gateway,
			long size, Instant heldAt, String why) {
		return new HeldImage(hash, organisation, uploader, target, gateway, size, heldAt, why, State.HELD, null, null);
	}

	/** This image released or rejected; a decided image cannot be decided again. */
	public HeldImage decide(State decision, String by, Instant at) {
		if (this.state != State.HELD) {
			throw new IllegalStateException("image " + this.hash + " was already " + this.state);
		}
		if (decision == State.HELD) {
			throw new IllegalArgumentException("a decision is RELEASED or REJECTED");
		}
		return new HeldImage(this.hash, this.organisation, this.uploader, this.target, this.gateway, this.size, this.heldAt,
				this.why, decision, by, at);
	}

}
