/**
 * Access requests, key-signed approvals, grants and revocation: the daily work of vendor
 * engineers and approvers (issue 4). Every rule is {@code policy}'s; this package persists,
 * audits, and exposes the rules through the portal and the JSON API.
 */
package io.keygate.auth.access;
