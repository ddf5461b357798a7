package io.keygate.policy.catalog;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PathPatternTest {

	@ParameterizedTest(name = "{0} matches {1}: {2}")
	@CsvSource({
			"/**, /, true",
			"/**, /anything/at/all, true",
			"/api/commands/**, /api/commands, true",
			"/api/commands/**, /api/commands/, true",
			"/api/commands/**, /api/commands/disconnect/7, true",
			"/api/commands/**, /api/commandsX, false",
			"/api/commands/**, /api/command, false",
			"/api/commands/**, /api, false",
			"/api/*/reads, /api/42/reads, true",
			"/api/*/reads, /api//reads, false",
			"/api/*/reads, /api/42/reads/x, false",
			"/status, /status, true",
			"/status, /status/, false",
			"/status, /Status, false" })
	void matches(String pattern, String path, boolean expected) {
		assertThat(PathPattern.parse(pattern).matches(path)).isEqualTo(expected);
	}

	@ParameterizedTest
	@ValueSource(strings = { "api", "/api/**/x", "/api/x*", "/api//x", "/api/../x", "/api/./x", "/api/%2f", "/api\\x",
			"/api;x", "/api x" })
	void parseWhenPatternIsNotPlainThenRejected(String pattern) {
		assertThatThrownBy(() -> PathPattern.parse(pattern)).isInstanceOf(IllegalArgumentException.class);
	}

}
