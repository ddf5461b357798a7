package io.keygate.policy.catalog;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.keygate.policy.catalog.TargetCatalogFile.InvalidCatalogException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetCatalogFileTest {

	private static final String GOOD = """
			targets:
			  - id: head-end
			    name: AMI head-end
			    zone: HEAD_END
			    upstream: http://127.0.0.1:9100
			    tier: STANDARD
			    max-grant: PT8H
			    levels:
			      read:
			        - methods: [GET, HEAD]
			          paths: ["/**"]
			      operate:
			        - methods: [GET, HEAD]
			          paths: ["/**"]
			        - methods: [POST]
			          paths: ["/api/commands/**"]
			  - id: scada-backup
			    name: SCADA backup
			    zone: SCADA
			    upstream: http://127.0.0.1:9300
			    tier: critical
			    max-grant: PT1H
			    decoy: true
			    levels:
			      read:
			        - methods: [GET]
			          paths: ["/**"]
			""";

	@Test
	void parseWhenValidThenEveryFieldIsRead() {
		TargetCatalog catalog = TargetCatalogFile.parse(GOOD, "test.yml");
		Target headEnd = catalog.find("head-end").orElseThrow();
		assertThat(headEnd.maxGrant()).isEqualTo(Duration.ofHours(8));
		assertThat(headEnd.tier()).isEqualTo(Tier.STANDARD);
		assertThat(headEnd.decoy()).isFalse();
		assertThat(headEnd.level("operate").orElseThrow().allows("POST", "/api/commands/x")).isTrue();
		assertThat(headEnd.level("read").orElseThrow().allows("POST", "/api/commands/x")).isFalse();
		assertThat(catalog.find("scada-backup").orElseThrow().decoy()).isTrue();
		assertThat(catalog.requestable()).extracting(Target::id).containsExactly("head-end");
	}

	@Test
	void parseWhenKeyMisspeltThenStopsNamingTheEntry() {
		String typo = GOOD.replace("max-grant: PT8H", "max-grant: PT8H\n    decoyy: true");
		assertThatThrownBy(() -> TargetCatalogFile.parse(typo, "test.yml")).isInstanceOf(InvalidCatalogException.class)
			.hasMessageContaining("entry #1 ('head-end')")
			.hasMessageContaining("unknown key 'decoyy'");
	}

	@Test
	void parseWhenDurationOverSevenDaysThenStopsNamingTheEntry() {
		assertThatThrownBy(() -> TargetCatalogFile.parse(GOOD.replace("PT8H", "P30D"), "test.yml"))
			.hasMessageContaining("'head-end'")
			.hasMessageContaining("maximum grant");
	}

	@Test
	void parseWhenPathPatternHasWildcardInsideSegmentThenStops() {
		assertThatThrownBy(() -> TargetCatalogFile.parse(GOOD.replace("/api/commands/**", "/api/comm*"), "test.yml"))
			.hasMessageContaining("'head-end'")
			.hasMessageContaining("not a plain literal");
	}

	@Test
	void parseWhenUpstreamNotHttpThenStops() {
		assertThatThrownBy(() -> TargetCatalogFile.parse(GOOD.replace("http://127.0.0.1:9100", "file:///etc"), "test.yml"))
			.hasMessageContaining("'head-end'")
			.hasMessageContaining("http(s)");
	}

	@Test
	void parseWhenDuplicateIdThenStops() {
		assertThatThrownBy(() -> TargetCatalogFile.parse(GOOD.replace("id: scada-backup", "id: head-end"), "test.yml"))
			.hasMessageContaining("'head-end' twice");
	}

	@Test
	void parseWhenDuplicateYamlKeyThenStops() {
		assertThatThrownBy(() -> TargetCatalogFile.parse(GOOD.replace("tier: STANDARD", "tier: STANDARD\n    tier: CRITICAL"),
				"test.yml"))
			.isInstanceOf(InvalidCatalogException.class);
	}

	@Test
	void parseWhenTierUnknownOrDecoyNotBooleanThenStops() {
		assertThatThrownBy(() -> TargetCatalogFile.parse(GOOD.replace("tier: STANDARD", "tier: MEDIUM"), "test.yml"))
			.hasMessageContaining("'tier'");
		assertThatThrownBy(() -> TargetCatalogFile.parse(GOOD.replace("decoy: true", "decoy: maybe"), "test.yml"))
			.hasMessageContaining("'decoy'");
	}

	@Test
	void parseWhenNotYamlOrNoTargetsThenStops() {
		assertThatThrownBy(() -> TargetCatalogFile.parse("targets: [", "x.yml")).hasMessageContaining("not valid YAML");
		assertThatThrownBy(() -> TargetCatalogFile.parse("other: 1", "x.yml")).hasMessageContaining("'targets' list");
		assertThatThrownBy(() -> TargetCatalogFile.parse("", "x.yml")).hasMessageContaining("'targets' list");
	}

	@Test
	void parseWhenLevelHasNoRulesThenStops() {
		String empty = GOOD.replace("""
				      read:
				        - methods: [GET]
				          paths: ["/**"]
				""", "      read: []\n");
		assertThatThrownBy(() -> TargetCatalogFile.parse(empty, "x.yml")).hasMessageContaining("'scada-backup'")
			.hasMessageContaining("non-empty list");
	}

}
