package io.keygate.gateway;

import java.net.URI;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;
import org.springframework.validation.annotation.Validated;

/**
 * Settings shared with the auth server under {@code keygate.*}.
 *
 * @param catalog where the target catalogue is ({@code keygate.catalog}, a Spring resource
 * location); may be absent only when an enclosing context already supplies the catalogue
 * @param portalUrl the portal where a refused person can request access ({@code keygate.portal-url})
 */
@Validated
@ConfigurationProperties("keygate")
public record KeygateProperties(Resource catalog, @NotNull URI portalUrl) {

	public KeygateProperties {
		if (portalUrl != null && !("https".equals(portalUrl.getScheme()) || "http".equals(portalUrl.getScheme()))) {
			throw new IllegalArgumentException("keygate.portal-url must be an absolute http(s) URL: " + portalUrl);
		}
	}

}
