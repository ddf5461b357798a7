/**
 * Keygate's domain: targets and access levels, access requests, grants, the one access
 * decision, the grant store and the audit chain. Plain Java on purpose: the rules here must be
 * readable and testable without any framework (an ArchUnit test keeps Spring out).
 */
package io.keygate.policy;
