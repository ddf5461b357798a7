package io.keygate.auth.notify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * One chat message, rendered in the two incoming-webhook formats: Slack's ({@code text} as the
 * notification fallback plus Block Kit sections and a link button) and Teams' (the connector
 * MessageCard with facts and an OpenUri action). {@code urgent} colours it red.
 */
public record ChatMessage(String title, String text, Map<String, String> facts, String link, String linkLabel,
		boolean urgent) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	public ChatMessage {
		facts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(facts));
	}

	public String slackJson() {
		StringBuilder fields = new StringBuilder();
		this.facts.forEach((k, v) -> fields.append("*").append(escapeSlack(k)).append(":* ").append(escapeSlack(v)).append('\n'));
		List<Object> blocks = new ArrayList<>();
		blocks.add(obj("type", "header", "text", obj("type", "plain_text", "text", cut(this.title, 150))));
		blocks.add(obj("type", "section", "text", obj("type", "mrkdwn", "text", escapeSlack(this.text))));
		if (!this.facts.isEmpty()) {
			blocks.add(obj("type", "section", "text", obj("type", "mrkdwn", "text", cut(fields.toString(), 3000))));
		}
		blocks.add(obj("type", "actions", "elements", List.of(obj("type", "button", "text",
				obj("type", "plain_text", "text", this.linkLabel), "url", this.link, "style", this.urgent ? "danger" : "primary"))));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("text", (this.urgent ? ":rotating_light: " : "") + this.title + " " + this.link);
		body.put("blocks", blocks);
		return JSON.writeValueAsString(body);
	}

	public String teamsJson() {
		List<Object> facts = new ArrayList<>();
		this.facts.forEach((k, v) -> facts.add(obj("name", k, "value", v)));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("@type", "MessageCard");
		body.put("@context", "https://schema.org/extensions");
		body.put("summary", this.title);
		body.put("themeColor", this.urgent ? "D70000" : "0078D7");
		body.put("title", this.title);
		body.put("sections", List.of(obj("text", this.text, "facts", facts)));
		body.put("potentialAction", List.of(obj("@type", "OpenUri", "name", this.linkLabel, "targets",
				List.of(obj("os", "default", "uri", this.link)))));
		return JSON.writeValueAsString(body);
	}

	/** A JSON object whose members keep the order given: receivers show them as written. */
	private static Map<String, Object> obj(Object... keysAndValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			map.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return map;
	}

	/** Slack reads {@code <...>} and {@code &} as markup: a vendor's reason must not become a link or a mention. */
	private static String escapeSlack(String value) {
		return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

	private static String cut(String value, int max) {
		return value.length() <= max ? value : value.substring(0, max - 1) + "…";
	}

}
