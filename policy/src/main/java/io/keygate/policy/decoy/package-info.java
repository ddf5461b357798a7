/**
 * Decoys and honeytokens: bait nobody legitimate touches. Presenting a honeytoken or reaching for a
 * decoy target is audited as a CRITICAL denied decision carrying the alert convention's keys
 * ({@link io.keygate.policy.decoy.Tripwire}); the auth server turns it into an alert and cuts the person off.
 */
package io.keygate.policy.decoy;
