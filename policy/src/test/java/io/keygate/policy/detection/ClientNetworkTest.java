package io.keygate.policy.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Random;

import org.junit.jupiter.api.Test;

class ClientNetworkTest {

	@Test
	void ofWhenIpv4ThenSlash24() {
		assertThat(ClientNetwork.of("198.51.100.77")).contains(new ClientNetwork("198.51.100.0/24"));
	}

	@Test
	void ofWhenIpv6InAnySpellingThenSameSlash64() {
		ClientNetwork expected = new ClientNetwork("2001:db8:10:1::/64");
		assertThat(ClientNetwork.of("2001:db8:10:1::abcd")).contains(expected);
		assertThat(ClientNetwork.of("2001:0DB8:0010:0001:0:0:0:9")).contains(expected);
		assertThat(ClientNetwork.of("[2001:db8:10:1::1%eth0]")).contains(expected);
	}

	@Test
	void ofWhenLoopbackOrMappedThenOneNetwork() {
		assertThat(ClientNetwork.of("::1")).contains(ClientNetwork.LOOPBACK);
		assertThat(ClientNetwork.of("127.0.0.1")).contains(ClientNetwork.LOOPBACK);
		assertThat(ClientNetwork.of("0:0:0:0:0:0:0:1")).contains(ClientNetwork.LOOPBACK);
		assertThat(ClientNetwork.of("::ffff:127.0.0.1")).contains(ClientNetwork.LOOPBACK);
		assertThat(ClientNetwork.of("::ffff:198.51.100.9")).contains(new ClientNetwork("198.51.100.0/24"));
		assertThat(ClientNetwork.of("::ffff:c633:6409")).contains(new ClientNetwork("198.51.100.0/24"));
	}

	@Test
	void ofWhenNotAnAddressThenEmpty() {
		for (String bad : new String[] { "", " ", "example.com", "256.1.1.1", "1.2.3", "1.2.3.4.5", "1::2::3", "12345::",
				"1:2:3:4:5:6:7:8:9", "gggg::", "::ffff:1.2.3", "localhost" }) {
			assertThat(ClientNetwork.of(bad)).as(bad).isEmpty();
		}
		assertThat(ClientNetwork.of(null)).isEmpty();
	}

	/** Random literals in both families, written the way the JDK writes them, parse to the JDK's bytes. */
	@Test
	void ofWhenRandomLiteralsThenAgreesWithTheJdk() throws Exception {
		Random random = new Random(14);
		for (int i = 0; i < 2000; i++) {
			byte[] bytes = new byte[random.nextBoolean() ? 4 : 16];
			random.nextBytes(bytes);
			InetAddress address = InetAddress.getByAddress(bytes);
			String literal = address.getHostAddress();
			ClientNetwork network = ClientNetwork.of(literal).orElseThrow(() -> new AssertionError(literal));
			if (bytes.length == 4) {
				String expected = bytes[0] == 127 ? "loopback"
						: (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + ".0/24";
				assertThat(network.prefix()).as(literal).isEqualTo(expected);
			}
			else {
				assertThat(network.prefix()).as(literal)
					.isEqualTo(String.format("%x:%x:%x:%x::/64", group(bytes, 0), group(bytes, 1), group(bytes, 2), group(bytes, 3)));
			}
		}
	}

	private static int group(byte[] bytes, int index) {
		return (bytes[2 * index] & 0xff) << 8 | (bytes[2 * index + 1] & 0xff);
	}

}
