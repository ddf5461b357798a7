package io.keygate.auth.access;

import io.keygate.policy.testsupport.MutableClock;
import java.time.Instant;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** What access tests add to the real context: a clock they can move. */
@TestConfiguration(proxyBeanMethods = false)
public class AccessTestConfiguration {

	/** A Tuesday at 10:00 UTC, so that only tests that move the clock see off-hours. */
	public static final Instant START = Instant.parse("2026-11-24T10:00:00Z");

	/** The properties every access test context runs with (the catalogue, the relying party). */
	public static final String CATALOG = "keygate.catalog=classpath:io/keygate/testsupport/test-catalog.yml";

	@Bean
	@Primary
	MutableClock testClock() {
		return MutableClock.at(START);
	}

}
