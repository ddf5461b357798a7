package io.keygate.gateway.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class FirmwareGatePropertiesTest {

	private static FirmwareGateProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("keygate.gateway.firmware",
				FirmwareGateProperties.class);
	}

	@Test
	void bindWhenDirectoriesNotSetThenBothInTheJvmTemporaryDirectory() {
		FirmwareGateProperties properties = bind(Map.of());

		Path temporary = Path.of(System.getProperty("java.io.tmpdir"));
		assertThat(properties.spoolDirectory()).isEqualTo(temporary.resolve("keygate-firmware/spool")).isAbsolute();
		assertThat(properties.holdDirectory()).isEqualTo(temporary.resolve("keygate-firmware/held")).isAbsolute();
		assertThat(properties.spoolDirectory().toString()).doesNotContain("${");
	}

	@Test
	void bindWhenDirectoriesSetThenThoseUsed() {
		FirmwareGateProperties properties = bind(Map.of("keygate.gateway.firmware.spool-directory", "/var/lib/keygate/spool",
				"keygate.gateway.firmware.hold-directory", "/var/lib/keygate/held"));

		assertThat(properties.spoolDirectory()).isEqualTo(Path.of("/var/lib/keygate/spool"));
		assertThat(properties.holdDirectory()).isEqualTo(Path.of("/var/lib/keygate/held"));
		assertThat(properties.concurrentUploads()).isEqualTo(4);
	}

}
