package io.keygate.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a fuzz run sent and how it was answered, per application: refused with a 4xx, refused on
 * a page (a redirect whose next page says "Refused"), accepted (2xx/3xx); and every broken promise
 * (a 5xx, a leak, a write for refused input) with the case that broke it. Not thread-safe: the
 * fuzz tests send one case at a time, so that a write can be tied to the case that made it.
 */
public final class FuzzTally {

	private final String application;

	private int sent;

	private int refused4xx;

	private int refusedOnPage;

	private int accepted;

	private final Map<String, Integer> perEndpoint = new TreeMap<>();

	private final List<String> failures = new ArrayList<>();

	public FuzzTally(String application) {
		this.application = application;
	}

	public void count(String endpoint, int status, boolean refusedOnPage) {
		this.sent++;
		this.perEndpoint.merge(endpoint, 1, Integer::sum);
		if (status >= 400 && status < 500) {
			this.refused4xx++;
		}
		else if (refusedOnPage) {
			this.refusedOnPage++;
		}
		else if (status >= 200 && status < 400) {
			this.accepted++;
		}
	}

	public void fail(String what) {
		// Printed as found too, so that a run stopped half-way still says what it found.
		System.out.println("FUZZ " + this.application + " FAILURE: " + what);
		this.failures.add(what);
	}

	public int sent() {
		return this.sent;
	}

	public Map<String, Integer> perEndpoint() {
		return this.perEndpoint;
	}

	public List<String> failures() {
		return this.failures;
	}

	/** One line for the test log and the closing note. */
	public String summary() {
		return String.format("FUZZ %s: %d cases sent (seed %d), %d refused with 4xx, %d refused on the page (redirect + "
				+ "refusal notice), %d accepted 2xx/3xx, %d failures", this.application, this.sent, FuzzValues.SEED,
				this.refused4xx, this.refusedOnPage, this.accepted, this.failures.size());
	}

	/** Short form of a value for a failure line: long values by length, control characters escaped. */
	public static String shorten(String value) {
		if (value == null) {
			return "null";
		}
		String head = value.length() > 120 ? value.substring(0, 120) + "...(" + value.length() + " chars)" : value;
		StringBuilder out = new StringBuilder();
		head.codePoints().forEach(c -> {
			if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
				out.append(String.format("\\x%02x", c));
			}
			else {
				out.appendCodePoint(c);
			}
		});
		return out.toString();
	}

}
