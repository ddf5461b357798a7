/** A gateway's part in a breach declaration: its receipt for having closed an organisation's sessions. */
package io.keygate.gateway.breach;
