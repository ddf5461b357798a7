/**
 * The compliance evidence pack: a report generated from live state for a chosen period (HTML,
 * CSV, JSON) mapping NERC CIP-005-7 R2, CIP-013-2 R1.2.5 and IEC 62443-3-3 requirements to what
 * this installation shows, and a signed zip an auditor verifies offline with {@code openssl}.
 */
package io.keygate.auth.evidence;
