package io.keygate.gateway.breakglass;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the break-glass banner; a configuration of its own so that no shared file changes. */
@Configuration(proxyBeanMethods = false)
public class BreakGlassBannerConfiguration {

	@Bean
	BreakGlassBannerFilter breakGlassBannerFilter() {
		return new BreakGlassBannerFilter();
	}

}
