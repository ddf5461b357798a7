/**
 * The firmware gate's domain: image hashes, the allow-list of verified images, distrust windows,
 * held images and the one verdict ({@link io.keygate.policy.firmware.FirmwareGate}).
 */
package io.keygate.policy.firmware;
