package io.keygate.gateway.session.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.client.oidc.server.session.InMemoryReactiveOidcSessionRegistry;
import org.springframework.security.oauth2.client.oidc.server.session.ReactiveOidcSessionRegistry;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.WebSessionManager;

import io.keygate.gateway.testsupport.RecordingUpstream;
import io.keygate.gateway.testsupport.TestGateway;

/** The embedded mode (no Redis) keeps Boot's in-memory sessions and never builds a Redis session piece. */
class EmbeddedSessionsStayInMemoryTest {

	@Test
	void embeddedGatewayWhenStartedThenNoSharedSessionBeansAndSessionsInMemory() {
		try (RecordingUpstream upstream = new RecordingUpstream();
				TestGateway gateway = TestGateway.start(null, TestGateway.properties(upstream, Map.of()), false)) {
			var context = gateway.context();
			assertThat(context.getBeanNamesForType(SessionRedis.class)).isEmpty();
			assertThat(context.getBeanNamesForType(BrowserSessionEndFeed.class)).isEmpty();
			assertThat(context.getBean(ReactiveOidcSessionRegistry.class)).isInstanceOf(InMemoryReactiveOidcSessionRegistry.class);
			WebSessionManager manager = context.getBean(WebSessionManager.class);
			assertThat(manager).isInstanceOf(DefaultWebSessionManager.class);
			assertThat(((DefaultWebSessionManager) manager).getSessionStore()).isNotInstanceOf(FailClosedWebSessionStore.class)
				.extracting(store -> store.getClass().getName())
				.asString()
				.doesNotContain("springframework.session");
		}
	}

}
