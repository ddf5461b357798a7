package io.keygate.policy.path;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import io.keygate.policy.catalog.AccessRule;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guarantee the path rules exist for: whatever raw path a vendor sends, if a rule limited to
 * {@code /api/meters/**} allows it, then every way an upstream might read that path is still under
 * {@code /api/meters/}. The "upstream" here is deliberately lenient and hostile to us: it decodes
 * repeatedly, treats backslashes and Unicode look-alikes as slashes, drops {@code ;} parameters,
 * strips Windows trailing dots and spaces, and resolves dot segments.
 */
class RequestPathProperties {

	private static final AccessRule METERS = AccessRule.of("/api/meters/**", "GET");

	private static final String PREFIX = "/api/meters/";

	@Property(tries = 5000)
	void noPathAllowedByAPrefixRuleResolvesOutsideThePrefix(@ForAll("hostilePaths") String raw) {
		RequestPath.Result result = RequestPath.normalise(raw);
		boolean allowed = result instanceof RequestPath.Normalised n && METERS.allows("GET", n.path());
		// Guard against a generator that never reaches the interesting case.
		Statistics.collect(allowed);
		Statistics.coverage(coverage -> coverage.check(true).percentage(p -> p > 5));
		if (allowed) {
			RequestPath.Normalised normalised = (RequestPath.Normalised) result;
			String upstreamView = lenientUpstreamReading(raw);
			assertThat(upstreamView.equals("/api/meters") || upstreamView.startsWith(PREFIX))
				.as("upstream reads %s as %s", raw, upstreamView)
				.isTrue();
			assertThat(normalised.path()).isEqualTo(upstreamView);
		}
	}

	@Property(tries = 2000)
	void normalisedPathsAreFixedPoints(@ForAll("hostilePaths") String raw) {
		if (RequestPath.normalise(raw) instanceof RequestPath.Normalised normalised
				&& !normalised.path().contains("%") && !normalised.path().contains(" ")) {
			assertThat(RequestPath.normalise(normalised.path())).isEqualTo(normalised);
		}
	}

	@Property(tries = 2000)
	void normaliseNeverThrows(@ForAll String anything) {
		assertThat(RequestPath.normalise(anything)).isNotNull();
	}

	@Provide
	Arbitrary<String> hostilePaths() {
		Arbitrary<String> piece = Arbitraries.oneOf(
				Arbitraries.of("api", "meters", "admin", "firmware", "42", "x", "", ".", "..", "...", "..;", ";x=1",
						"%2e", "%2E", "%2f", "%2F", "%5c", "%252e", "%252f", "%25", "%00", "%20", "%c0%af", "%ef%bc%8f",
						"\\", "\uff0f", "\u2215", "%41", "a.", "a ", "%3b", "%", "%zz", "meters%2f..", "\u00e9"),
				Arbitraries.strings().withCharRange('!', '~').ofMaxLength(4));
		Arbitrary<String> tail = piece.list().ofMaxSize(6).map(parts -> String.join("/", parts));
		return Arbitraries.oneOf(tail.map(t -> PREFIX + t), tail.map(t -> "/api/" + t), tail.map(t -> "/" + t),
				tail.map(t -> "/api/meters" + t));
	}

	/** How a permissive server might read a raw path; anything it cannot read it leaves as is. */
	static String lenientUpstreamReading(String raw) {
		String path = raw;
		for (int i = 0; i < 3; i++) {
			path = percentDecode(path);
		}
		path = path.replace('\\', '/').replace('\uff0f', '/').replace('\u2215', '/');
		int query = path.indexOf('?');
		if (query >= 0) {
			path = path.substring(0, query);
		}
		Deque<String> out = new ArrayDeque<>();
		String[] segments = path.split("/", -1);
		for (int i = 1; i < segments.length; i++) {
			String segment = segments[i];
			int semicolon = segment.indexOf(';');
			if (semicolon >= 0) {
				segment = segment.substring(0, semicolon);
			}
			segment = segment.replaceAll("[. ]+$", segment.matches("[. ]+") ? segment : "");
			if (segment.equals("..")) {
				out.pollLast();
			}
			else if (!segment.equals(".") && !(segment.isEmpty() && i < segments.length - 1)) {
				out.addLast(segment);
			}
		}
		return "/" + String.join("/", List.copyOf(out));
	}

	private static String percentDecode(String s) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (c == '%' && i + 2 < s.length() && Character.digit(s.charAt(i + 1), 16) >= 0
					&& Character.digit(s.charAt(i + 2), 16) >= 0) {
				bytes.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
				i += 2;
			}
			else {
				byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
				bytes.write(encoded, 0, encoded.length);
			}
		}
		return bytes.toString(StandardCharsets.UTF_8);
	}

}
