/**
 * Break-glass (issue 19): for an outage when no approver answers, a vendor engineer with a
 * standing eligibility (set per person and target by a security admin, key-confirmed) opens a
 * short emergency grant without approval. It raises a HIGH alert, tells every approver and admin
 * on every channel, is marked for the gateway's red banner, and must be reviewed afterwards.
 */
package io.keygate.auth.breakglass;
