package io.keygate.auth.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The business time zone has no silent default: a missing or wrong one stops start-up, naming the property. */
class BusinessTimeZoneTest {

	private static AccessProperties with(String zone) {
		return new AccessProperties(Duration.ofHours(24), Duration.ofMinutes(1),
				new AccessProperties.Approvals(1, 2, Set.of("firmware")), new AccessProperties.StepUp(Duration.ofMinutes(2)),
				zone, Duration.ofSeconds(5));
	}

	@Test
	void accessPropertiesWhenTimeZoneMissingThenStartUpStopsNamingTheProperty() {
		assertThatThrownBy(() -> with(null)).hasMessageContaining("keygate.portal.time-zone must be set");
		assertThatThrownBy(() -> with("")).hasMessageContaining("keygate.portal.time-zone must be set");
	}

	@Test
	void accessPropertiesWhenTimeZoneUnknownThenStartUpStopsNamingTheProperty() {
		assertThatThrownBy(() -> with("Mars/Olympus")).hasMessageContaining("keygate.portal.time-zone is not a time zone");
	}

	@Test
	void accessPropertiesWhenTimeZoneNamedThenKept() {
		assertThat(with("America/Chicago").businessZone()).isEqualTo("America/Chicago");
	}

}
