/**
 * "Declare vendor breach" (issue 15): one key-confirmed action that suspends a vendor everywhere,
 * quarantines its suspect keys, opens the firmware distrust window, makes detection strict, and
 * produces the hunt report; every gateway's receipt; resuming under stricter approval terms. The
 * rules (window, suspect keys, receipts, terms) are {@code policy}'s; this package applies,
 * persists, audits and shows them.
 */
package io.keygate.auth.breach;
