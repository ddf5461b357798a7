package io.keygate.gateway.session.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.data.redis.serializer.SerializationException;

import io.keygate.gateway.testsupport.TestIntegrityKeys;
import io.keygate.grantstore.redis.IntegrityViolation;

/** Session values in Redis: signed on the way in, deserialised only when the MAC verifies. */
class SignedSessionValuesTest {

	private final TestIntegrityKeys.RecordingAlarm alarm = new TestIntegrityKeys.RecordingAlarm();

	private final SignedSessionValues values = new SignedSessionValues(TestIntegrityKeys.keys(), this.alarm,
			getClass().getClassLoader());

	/** Counts its deserialisations: proof that a refused value never reached readObject. */
	static final class Gadget implements Serializable {

		static final AtomicInteger read = new AtomicInteger();

		private void readObject(java.io.ObjectInputStream in) throws IOException, ClassNotFoundException {
			in.defaultReadObject();
			read.incrementAndGet();
		}

	}

	@Test
	void deserializeWhenWrittenBySerializeThenSameValue() {
		assertThat(this.values.deserialize(this.values.serialize("erin@itron"))).isEqualTo("erin@itron");
		assertThat(this.alarm.raised).isEmpty();
	}

	@Test
	void deserializeWhenTheSameStoredBytesAgainThenTheValueReadBeforeNotADeserialisationAgain() {
		byte[] stored = this.values.serialize(new org.springframework.security.core.context.SecurityContextImpl(
				new org.springframework.security.authentication.TestingAuthenticationToken("erin@itron", "n/a")));
		Object first = this.values.deserialize(stored);
		assertThat(this.values.deserialize(Arrays.copyOf(stored, stored.length))).isSameAs(first);
	}

	@Test
	void deserializeWhenAChangedCopyOfAValueReadBeforeThenStillRefused() {
		byte[] stored = this.values.serialize("erin@itron");
		assertThat(this.values.deserialize(stored)).isEqualTo("erin@itron");
		byte[] changed = Arrays.copyOf(stored, stored.length);
		changed[changed.length - 1] = (byte) 'X';
		assertThatExceptionOfType(SerializationException.class).isThrownBy(() -> this.values.deserialize(changed));
		assertThat(this.alarm.raised).hasSize(1);
	}

	@Test
	void deserializeWhenPayloadChangedThenRefusedAndRaised() {
		byte[] stored = this.values.serialize("erin@itron");
		byte[] changed = Arrays.copyOf(stored, stored.length);
		changed[changed.length - 1] = (byte) 'X';
		assertThatExceptionOfType(SerializationException.class).isThrownBy(() -> this.values.deserialize(changed));
		assertThat(this.alarm.raised).singleElement()
			.satisfies(v -> assertThat(v.record()).isEqualTo(IntegrityViolation.Record.BROWSER_SESSION));
	}

	@Test
	void deserializeWhenUnsignedJavaSerialisationPlantedThenNeverDeserialised() throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(new Gadget());
		}
		int before = Gadget.read.get();
		assertThatExceptionOfType(SerializationException.class).isThrownBy(() -> this.values.deserialize(bytes.toByteArray()));
		assertThat(Gadget.read.get()).isEqualTo(before);
		assertThat(this.alarm.raised).singleElement().satisfies(v -> assertThat(v.problem()).contains("MISSING"));
	}

}
