package io.keygate.policy.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.keygate.policy.catalog.TargetCatalogFile.InvalidCatalogException;

/** The catalogue flag that lets the gateway add an end-of-grant notice to a target's HTML pages. */
class TargetEndWarningTest {

	private static String catalogue(String flag) {
		return """
				targets:
				  - id: head-end
				    name: AMI head-end
				    zone: HEAD_END
				    upstream: http://127.0.0.1:9100
				    tier: STANDARD
				    max-grant: PT8H
				%s    levels:
				      read:
				        - methods: [GET, HEAD]
				          paths: ["/**"]
				""".formatted(flag);
	}

	@Test
	void parseWhenEndWarningAbsentThenOff() {
		assertThat(TargetCatalogFile.parse(catalogue(""), "t.yml").find("head-end").orElseThrow().endWarning()).isFalse();
	}

	@Test
	void parseWhenEndWarningTrueThenOn() {
		assertThat(TargetCatalogFile.parse(catalogue("    end-warning: true\n"), "t.yml").find("head-end").orElseThrow().endWarning())
			.isTrue();
	}

	@Test
	void parseWhenEndWarningNotABooleanThenStopsNamingTheEntry() {
		assertThatThrownBy(() -> TargetCatalogFile.parse(catalogue("    end-warning: soon\n"), "t.yml"))
			.isInstanceOf(InvalidCatalogException.class)
			.hasMessageContaining("head-end")
			.hasMessageContaining("'end-warning' must be true or false");
	}

}
