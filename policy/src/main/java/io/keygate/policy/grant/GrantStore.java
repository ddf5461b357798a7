package io.keygate.policy.grant;

import java.util.List;
import java.util.Optional;

/**
 * The live grants: what the gateways consult on every request. Entries live until
 * {@code notAfter} (a TTL of the time left), but correctness never rests on that expiry: the
 * decision checks {@code notAfter} itself.
 * <p>
 * Lookups never throw (see {@link GrantLookup.Unavailable}); writes throw
 * {@link GrantStoreUnavailableException} when the store cannot be reached, and are atomic: they
 * happen entirely or not at all.
 */
public interface GrantStore extends GrantSource, AutoCloseable {

	/** Outcome of {@link #put}. */
	enum PutResult {
		STORED,
		/** Refused: the grant's organisation is suspended. Checked atomically with the write. */
		ORGANISATION_SUSPENDED,
		/** Refused: the grant has already ended. */
		ALREADY_EXPIRED
	}

	/**
	 * Stores a grant, replacing any earlier grant of the same subject on the same target (the
	 * earlier one is revoked with reason "superseded").
	 */
	PutResult put(Grant grant);

	/** What the store says about (subject, organisation, target), read atomically; never throws. */
	@Override
	GrantLookup lookup(String subject, String organisation, String targetId);

	/** Revokes one grant; empty when it is not live. */
	Optional<Grant> revoke(String grantId, String reason);

	/** Revokes every live grant of one person. */
	List<Grant> revokeSubject(String subject, String reason);

	/** Revokes every live grant of one organisation without suspending it. */
	List<Grant> revokeOrganisation(String organisation, String reason);

	/**
	 * Suspends an organisation and, in the same atomic step, revokes every grant it holds.
	 * Until {@link #resume}, lookups of its members say {@link GrantLookup.Suspended} and
	 * {@link #put} refuses its grants.
	 */
	List<Grant> suspend(String organisation, String reason);

	void resume(String organisation);

	boolean isSuspended(String organisation);

	/** Every grant still stored whose window has not ended. */
	List<Grant> liveGrants();

	/** Subscribes to revocations; closing the returned handle unsubscribes. */
	AutoCloseable subscribe(RevocationListener listener);

	/** Whether revocations published now would reach this process's subscribers. */
	boolean revocationFeedUp();

	@Override
	void close();

}
