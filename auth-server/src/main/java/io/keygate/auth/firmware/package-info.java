/**
 * The firmware gate's portal side: the allow-list of verified images (each addition key-confirmed),
 * distrust windows, and the release or rejection of held images (key-confirmed). Decisions are kept
 * in the database and published to the register every gateway reads.
 */
package io.keygate.auth.firmware;
