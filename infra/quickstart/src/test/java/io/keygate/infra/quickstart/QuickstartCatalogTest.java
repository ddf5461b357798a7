package io.keygate.infra.quickstart;

import java.io.InputStream;

import org.junit.jupiter.api.Test;

import io.keygate.policy.catalog.Target;
import io.keygate.policy.catalog.TargetCatalog;
import io.keygate.policy.catalog.TargetCatalogFile;

import static org.assertj.core.api.Assertions.assertThat;

class QuickstartCatalogTest {

	private static TargetCatalog load() throws Exception {
		try (InputStream in = QuickstartCatalogTest.class.getResourceAsStream("/keygate/quickstart-targets.yml")) {
			assertThat(in).as("quickstart catalogue on the class path").isNotNull();
			return TargetCatalogFile.load(in, "quickstart-targets.yml");
		}
	}

	@Test
	void catalogueWhenLoadedThenHeadEndAndMdmRequestableAndOnlyTheDecoyIsNot() throws Exception {
		TargetCatalog catalog = load();

		assertThat(catalog.requestable()).extracting(Target::id).containsExactly("head-end", "mdm");
		assertThat(catalog.all()).filteredOn(Target::decoy).extracting(Target::id).containsExactly("scada-historian");
	}

	@Test
	void catalogueUpstreamsAreTheSimulatorsTheQuickstartStarts() throws Exception {
		TargetCatalog catalog = load();

		assertThat(catalog.find("head-end").orElseThrow().upstream().getPort()).isEqualTo(QuickstartPorts.HEAD_END);
		assertThat(catalog.find("mdm").orElseThrow().upstream().getPort()).isEqualTo(QuickstartPorts.MDM);
		assertThat(catalog.find("scada-historian").orElseThrow().upstream().getPort()).isEqualTo(QuickstartPorts.DECOY);
	}

	@Test
	void headEndLevelsMatchTheSimulatorPaths() throws Exception {
		Target headEnd = load().find("head-end").orElseThrow();

		assertThat(headEnd.level("read").orElseThrow().allows("GET", "/api/meters")).isTrue();
		assertThat(headEnd.level("read").orElseThrow().allows("POST", "/api/firmware/images")).isFalse();
		assertThat(headEnd.level("read").orElseThrow().allows("POST", "/api/commands/disconnect")).isFalse();
		assertThat(headEnd.level("operate").orElseThrow().allows("POST", "/api/commands/disconnect")).isTrue();
		assertThat(headEnd.level("operate").orElseThrow().allows("POST", "/api/firmware/images")).isFalse();
		assertThat(headEnd.level("firmware").orElseThrow().allows("POST", "/api/firmware/images")).isTrue();
	}

	@Test
	void headEndFirmwareUploadsGoThroughTheFirmwareGate() throws Exception {
		Target headEnd = load().find("head-end").orElseThrow();

		assertThat(headEnd.firmware().covers("/api/firmware/images")).isTrue();
		assertThat(headEnd.firmware().maxBytes()).isEqualTo(256L * 1024 * 1024);
		assertThat(load().find("mdm").orElseThrow().firmware().declared()).isFalse();
	}

}
