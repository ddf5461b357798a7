package io.keygate.gateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.commons.logging.impl.Log4jApiLogFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What the gateway's {@code commons-logging.properties} must keep true: Spring's Commons Logging
 * calls go through the adapter that checks the level before formatting (a disabled debug line on
 * every request must cost nothing), and what is enabled still reaches Logback.
 */
class CommonsLoggingAdapterTest {

	private static final String NAME = "io.keygate.gateway.logging.probe";

	private final Logger logback = (Logger) LoggerFactory.getLogger(NAME);

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	@BeforeEach
	void attach() {
		this.logback.setLevel(Level.INFO);
		this.appender.start();
		this.logback.addAppender(this.appender);
	}

	@AfterEach
	void detach() {
		this.logback.detachAppender(this.appender);
		this.logback.setLevel(null);
	}

	@Test
	void factoryWhenGatewayOnClassPathThenLog4jApiAdapter() {
		assertThat(LogFactory.getFactory()).isInstanceOf(Log4jApiLogFactory.class);
	}

	@Test
	void debugWhenLevelDisabledThenMessageNeverFormatted() {
		AtomicInteger formatted = new AtomicInteger();
		Object message = new Object() {
			@Override
			public String toString() {
				formatted.incrementAndGet();
				return "expensive";
			}
		};
		Log log = LogFactory.getLog(NAME);
		log.debug(message);
		assertThat(formatted).hasValue(0);
		assertThat(this.appender.list).isEmpty();
	}

	@Test
	void infoWhenLevelEnabledThenReachesLogbackWithLevelAndMessage() {
		LogFactory.getLog(NAME).info("allowed GET /api on head-end");
		assertThat(this.appender.list).singleElement().satisfies(event -> {
			assertThat(event.getLevel()).isEqualTo(Level.INFO);
			assertThat(event.getFormattedMessage()).isEqualTo("allowed GET /api on head-end");
		});
	}

}
