package io.keygate.auth.access.portal;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code keygate.portal.time-zone}: the one business time zone every page shows and reads times
 * in (required, no default). It reaches {@code keygate.access.business-zone} through auth-server.yml,
 * where {@code AccessProperties} validates it and stops start-up naming this property.
 */
@ConfigurationProperties("keygate.portal")
public record PortalProperties(String timeZone) {
}
