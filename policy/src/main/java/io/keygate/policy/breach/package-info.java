/**
 * A declared vendor breach, as pure values and rules: the window, which keys to distrust, and the
 * receipts gateways give for having dropped an organisation's sessions. No Spring, no I/O: the
 * auth server applies the declaration and the gateways write their receipts through a store.
 */
package io.keygate.policy.breach;
