package io.keygate.auth.access;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** {@code keygate.gateway.public-url}: where a vendor's browser reaches the gateway, for the portal's "Open" links. */
@Validated
@ConfigurationProperties("keygate.gateway")
public record GatewayLinkProperties(@DefaultValue("http://localhost:8080") URI publicUrl) {

	public GatewayLinkProperties {
		if (publicUrl == null || !("http".equals(publicUrl.getScheme()) || "https".equals(publicUrl.getScheme()))
				|| publicUrl.getHost() == null) {
			throw new IllegalArgumentException("keygate.gateway.public-url must be an absolute http(s) URL: " + publicUrl);
		}
	}

	/** The link that opens {@code targetId} through the gateway. */
	public String openLink(String targetId) {
		String base = this.publicUrl.toString();
		return (base.endsWith("/") ? base : base + "/") + "t/" + targetId + "/";
	}

}
