/**
 * The red banner on the pages of a break-glass session (issue 19): the person using emergency
 * access, and anyone looking over their shoulder, must see that it is not normal access.
 */
package io.keygate.gateway.breakglass;
