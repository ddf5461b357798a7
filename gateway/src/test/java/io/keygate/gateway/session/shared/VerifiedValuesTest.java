package io.keygate.gateway.session.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextImpl;

class VerifiedValuesTest {

	private final VerifiedValues values = new VerifiedValues(2);

	@Test
	void getWhenTheSameBytesAgainThenTheValueReadBefore() {
		SecurityContextImpl context = new SecurityContextImpl(new TestingAuthenticationToken("engineer@itron", "n/a"));
		this.values.remember(new byte[] { 1, 2, 3 }, context);
		assertThat(this.values.get(new byte[] { 1, 2, 3 })).isSameAs(context);
	}

	@Test
	void getWhenOtherBytesThenNothing() {
		this.values.remember(new byte[] { 1, 2, 3 }, "value");
		assertThat(this.values.get(new byte[] { 1, 2, 4 })).isNull();
		assertThat(this.values.get(new byte[] { 1, 2 })).isNull();
	}

	@Test
	void rememberWhenAValueARequestCouldChangeInPlaceThenNotKept() {
		Map<String, String> map = new HashMap<>();
		this.values.remember(new byte[] { 9 }, map);
		assertThat(this.values.get(new byte[] { 9 })).isNull();
	}

	@Test
	void rememberWhenTheCallersBufferIsReusedThenTheEntryStaysUnderTheBytesRemembered() {
		byte[] buffer = { 5, 5, 5 };
		this.values.remember(buffer, Instant.EPOCH);
		buffer[0] = 6;
		assertThat(this.values.get(new byte[] { 5, 5, 5 })).isEqualTo(Instant.EPOCH);
		assertThat(this.values.get(buffer)).isNull();
	}

	@Test
	void rememberWhenOverTheBoundThenTheLeastRecentlyUsedGoes() {
		this.values.remember(new byte[] { 1 }, "one");
		this.values.remember(new byte[] { 2 }, "two");
		this.values.get(new byte[] { 1 });
		this.values.remember(new byte[] { 3 }, "three");
		assertThat(this.values.get(new byte[] { 2 })).isNull();
		assertThat(this.values.get(new byte[] { 1 })).isEqualTo("one");
		assertThat(this.values.get(new byte[] { 3 })).isEqualTo("three");
	}

}
