package io.keygate.auth.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;

import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.util.ReflectionTestUtils;

import io.keygate.auth.AuthServerApplication;
import io.keygate.auth.audit.JdbcAuditLog;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.audit.InMemoryAuditLog;
import io.keygate.policy.grant.GrantStore;
import io.keygate.policy.grant.InMemoryGrantStore;

/**
 * The embedded mode's arrangement: the auth server as a child of a context that already holds the
 * shared grant store and clock. Access requests must use the parent's grant store (so the gateway
 * sees the grants) and the auth server's own audit chain, even when the parent also holds an
 * audit sink (the gateway's).
 */
class EmbeddedParentContextTest {

	@Configuration(proxyBeanMethods = false)
	static class Shared {

		@Bean
		Clock clock() {
			return Clock.systemUTC();
		}

		@Bean(destroyMethod = "close")
		GrantStore grantStore(Clock clock) {
			return new InMemoryGrantStore(clock);
		}

	}

	@Test
	void localFirstWhenParentAlsoHoldsAnAuditLogThenTheChildsOwnIsUsed() {
		try (org.springframework.context.support.GenericApplicationContext parent = new org.springframework.context.support.GenericApplicationContext();
				org.springframework.context.support.GenericApplicationContext child = new org.springframework.context.support.GenericApplicationContext()) {
			InMemoryAuditLog gateways = new InMemoryAuditLog();
			InMemoryAuditLog own = new InMemoryAuditLog();
			parent.registerBean("gatewayAuditLog", AuditLog.class, () -> gateways);
			parent.refresh();
			child.setParent(parent);
			child.registerBean("authAuditLog", AuditLog.class, () -> own);
			child.refresh();

			assertThat(AccessConfiguration.localFirst(child.getBeanFactory(), child.getBeanProvider(AuditLog.class)))
				.isSameAs(own);
		}
	}

	@Test
	void startWhenParentHoldsGrantStoreThenAccessUsesItAndTheLocalAuditChain() {
		try (ConfigurableApplicationContext parent = new SpringApplicationBuilder(Shared.class)
			.web(WebApplicationType.NONE)
			.run("--spring.main.banner-mode=off");
				ConfigurableApplicationContext auth = new SpringApplicationBuilder(AuthServerApplication.class).parent(parent)
					.web(WebApplicationType.SERVLET)
					.run("--server.port=0", "--spring.profiles.active=test", "--spring.main.banner-mode=off",
							"--spring.datasource.url=jdbc:h2:mem:access-embedded;DB_CLOSE_DELAY=-1",
							"--" + AccessTestConfiguration.CATALOG)) {
			// Every role that writes to the store must hold the parent's; events go to the local chain.
			GrantStore shared = parent.getBean(GrantStore.class);
			assertThat(ReflectionTestUtils.getField(auth.getBean(RequestApproval.class), "grantStore")).isSameAs(shared);
			assertThat(ReflectionTestUtils.getField(auth.getBean(GrantRevocation.class), "grantStore")).isSameAs(shared);
			assertThat(ReflectionTestUtils.getField(auth.getBean(OrganisationSuspension.class), "grantStore")).isSameAs(shared);
			assertThat(ReflectionTestUtils.getField(auth.getBean(AccessEvents.class), "audit")).isInstanceOf(JdbcAuditLog.class);
			assertThat(auth.getBean(AccessQueries.class).requestableTargets()).extracting(t -> t.id())
				.containsExactly("head-end", "mdm");
		}
	}

}
