package io.keygate.policy.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.keygate.policy.catalog.TargetCatalogFile.InvalidCatalogException;

class FirmwareUploadsCatalogTest {

	private static final String TARGET = """
			targets:
			  - id: head-end
			    name: AMI head-end
			    zone: HEAD_END
			    upstream: http://127.0.0.1:9100
			    tier: STANDARD
			    max-grant: PT8H
			    levels:
			      firmware:
			        - methods: [POST]
			          paths: ["/api/firmware/**"]
			""";

	@Test
	void parseWhenFirmwareDeclaredThenPathsAndSizeRead() {
		Target target = TargetCatalogFile.parse(TARGET + """
				    firmware:
				      paths: ["/api/firmware/**"]
				      max-size: 512MB
				""", "t.yml").find("head-end").orElseThrow();

		assertThat(target.firmware().declared()).isTrue();
		assertThat(target.firmware().maxBytes()).isEqualTo(512L * 1024 * 1024);
		assertThat(target.firmware().covers("/api/firmware/images")).isTrue();
		assertThat(target.firmware().covers("/api/commands/x")).isFalse();
	}

	@Test
	void parseWhenFirmwareAbsentThenNoFirmwarePaths() {
		Target target = TargetCatalogFile.parse(TARGET, "t.yml").find("head-end").orElseThrow();

		assertThat(target.firmware()).isEqualTo(FirmwareUploads.NONE);
		assertThat(target.firmware().covers("/api/firmware/images")).isFalse();
	}

	@Test
	void parseWhenFirmwareSizeMissingOrBadThenStopsNamingTheEntry() {
		assertThatThrownBy(() -> TargetCatalogFile.parse(TARGET + """
				    firmware:
				      paths: ["/api/firmware/**"]
				""", "t.yml")).isInstanceOf(InvalidCatalogException.class).hasMessageContaining("head-end").hasMessageContaining("max-size");
		assertThatThrownBy(() -> TargetCatalogFile.parse(TARGET + """
				    firmware:
				      paths: ["/api/firmware/**"]
				      max-size: lots
				""", "t.yml")).isInstanceOf(InvalidCatalogException.class).hasMessageContaining("max-size");
		assertThatThrownBy(() -> TargetCatalogFile.parse(TARGET + """
				    firmware:
				      paths: ["/api/firmware/**"]
				      max-size: 5GB
				""", "t.yml")).isInstanceOf(InvalidCatalogException.class).hasMessageContaining("4GB");
	}

	@Test
	void parseWhenFirmwareKeyMisspeltThenStops() {
		assertThatThrownBy(() -> TargetCatalogFile.parse(TARGET + """
				    firmware:
				      path: ["/api/firmware/**"]
				      max-size: 1MB
				""", "t.yml")).isInstanceOf(InvalidCatalogException.class).hasMessageContaining("unknown key 'path'");
	}

	@Test
	void parseSizeWhenUnitsThenBinaryMultiples() {
		assertThat(FirmwareUploads.parseSize("64KB")).isEqualTo(65_536);
		assertThat(FirmwareUploads.parseSize("2GB")).isEqualTo(2L * 1024 * 1024 * 1024);
		assertThat(FirmwareUploads.parseSize("1000")).isEqualTo(1000);
	}

}
