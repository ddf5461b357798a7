/**
 * The firmware gate: uploads to a target's firmware paths are hashed while spooled to disk and
 * forwarded only when every image is allow-listed and not held.
 */
package io.keygate.gateway.firmware;

