/**
 * Session transcripts: what went through a grant's gateway sessions, read from the audit chain
 * (one decision and one completion per request, linked by a hashed session id), with the bodies of
 * state-changing requests kept beside the chain and referenced from it by hash.
 */
package io.keygate.auth.transcript;
