/**
 * Which security-key models the organisation's people registered: the security admin's overview
 * (AAGUID, model name from the FIDO metadata or Keygate's bundle, the attestation root).
 */
package io.keygate.auth.keymodel;
