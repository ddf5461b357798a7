/**
 * Browser sessions that survive any replica (issue 18), in the distributed mode only: the gateway's
 * web session, the OIDC session registry and the news that a browser session ended are shared
 * through the installation's Redis, so a browser needs no sticky pod and a sign-out reaching one pod
 * ends the session on all of them. The embedded mode never loads these classes' configuration.
 */
package io.keygate.gateway.session.shared;
