/**
 * What a request carries besides its method and path that could make an upstream do something the
 * decision did not allow: method and URL overrides, bodies on body-less methods, and where the
 * request came from (same-origin rule). Plain Java; the gateway gathers the facts, the policy
 * judges them.
 */
package io.keygate.policy.shape;
