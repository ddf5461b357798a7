/** The gateway: one route per target, one decision per request, sessions that end with their grant. */
package io.keygate.gateway;
