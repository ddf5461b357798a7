package io.keygate.policy.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.keygate.policy.catalog.TargetCatalogFile.InvalidCatalogException;

/** {@code transcript-bodies}: off unless a target says so, and only true or false. */
class TranscriptBodiesCatalogTest {

	private static final String CATALOG = """
			targets:
			  - id: head-end
			    name: AMI head-end
			    zone: HEAD_END
			    upstream: http://127.0.0.1:9100
			    tier: STANDARD
			    max-grant: PT8H
			    %s
			    levels:
			      read:
			        - methods: [GET]
			          paths: ["/**"]
			""";

	@Test
	void parseWhenFlagAbsentThenBodiesNotKept() {
		Target target = TargetCatalogFile.parse(CATALOG.formatted(""), "t.yml").find("head-end").orElseThrow();

		assertThat(target.transcriptBodies()).isFalse();
	}

	@Test
	void parseWhenFlagTrueThenBodiesKept() {
		Target target = TargetCatalogFile.parse(CATALOG.formatted("transcript-bodies: true"), "t.yml")
			.find("head-end")
			.orElseThrow();

		assertThat(target.transcriptBodies()).isTrue();
	}

	@Test
	void parseWhenFlagNotABooleanThenStartUpStopsNamingIt() {
		assertThatThrownBy(() -> TargetCatalogFile.parse(CATALOG.formatted("transcript-bodies: sometimes"), "t.yml"))
			.isInstanceOf(InvalidCatalogException.class)
			.hasMessageContaining("'transcript-bodies' must be true or false");
	}

}
