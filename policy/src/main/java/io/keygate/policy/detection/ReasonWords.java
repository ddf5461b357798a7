package io.keygate.policy.detection;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a request's free-text reason and ticket say about the kind of work: its significant words
 * ("firmware", "meter", "feeder", ...) and the ticket's project key ({@code CHG-1234} →
 * {@code ticket:CHG}). Ticket systems file work by kind under project keys, and vendors describe
 * one kind of work in the same few words; both are stable enough to learn from.
 */
final class ReasonWords {

	static final int MAX_WORDS = 12;

	private static final Pattern WORD = Pattern.compile("[\\p{L}][\\p{L}\\p{N}]{3,}");

	private static final Pattern TICKET_KEY = Pattern.compile("^\\s*([A-Za-z]{2,10})[-_ #]?\\d");

	private static final Set<String> STOP = Set.of("with", "from", "that", "this", "into", "onto", "need", "needs", "have",
			"will", "please", "access", "request", "requested", "some", "also", "after", "before", "about", "for", "the",
			"and", "today", "tomorrow", "urgent");

	private ReasonWords() {
	}

	static Set<String> of(String reason, String ticket) {
		Set<String> words = new LinkedHashSet<>();
		Matcher ticketKey = TICKET_KEY.matcher(ticket == null ? "" : ticket);
		if (ticketKey.find()) {
			words.add("ticket:" + ticketKey.group(1).toUpperCase(Locale.ROOT));
		}
		Matcher word = WORD.matcher(reason == null ? "" : reason);
		while (word.find() && words.size() < MAX_WORDS) {
			String lower = word.group().toLowerCase(Locale.ROOT);
			if (!STOP.contains(lower)) {
				words.add(lower);
			}
		}
		return words;
	}

}
