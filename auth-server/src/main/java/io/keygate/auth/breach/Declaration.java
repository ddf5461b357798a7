package io.keygate.auth.breach;

import java.time.Instant;

import io.keygate.policy.breach.BreachWindow;

/** A breach declaration as stored: what was asked, who confirmed it, and what it did (counts). */
public record Declaration(String id, String organisation, BreachWindow window, String reference, BreachState state,
		String draftedBy, Instant draftedAt, String secondAdmin, Instant declaredAt, String suspensionReason, int grantsEnded,
		int scheduledCancelled, int keysQuarantined, int peopleQuarantined, Instant strictUntil, String firmwareDistrust,
		int huntEvents, String resumedBy, Instant resumedAt, String resumeTerms) {
}
