package io.keygate.auth.notify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * One chat message, rendered in the two incoming-webhook formats: Slack's ({@code text} as the
 * notification fallback plus Block Kit sections and a link button) and Teams' (an Adaptive Card
 * with a fact set and an open-URL action). {@code urgent} colours it red.
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

	/**
	 * Teams' Workflows incoming webhook: a message with one Adaptive Card attachment (the legacy
	 * Office 365 connector MessageCard is retired). Red title and a destructive-style button when urgent.
	 */
	public String teamsJson() {
		List<Object> facts = new ArrayList<>();
		this.facts.forEach((k, v) -> facts.add(obj("title", k, "value", v)));
		List<Object> body = new ArrayList<>();
		body.add(obj("type", "TextBlock", "text", this.title, "weight", "Bolder", "size", "Medium", "color",
				this.urgent ? "Attention" : "Default", "wrap", true));
		body.add(obj("type", "TextBlock", "text", this.text, "wrap", true));
		if (!facts.isEmpty()) {
			body.add(obj("type", "FactSet", "facts", facts));
		}
		Map<String, Object> card = obj("$schema", "http://adaptivecards.io/schemas/adaptive-card.json", "type", "AdaptiveCard",
				"version", "1.4", "body", body, "actions",
				List.of(obj("type", "Action.OpenUrl", "title", this.linkLabel, "url", this.link, "style",
						this.urgent ? "destructive" : "positive")));
		Map<String, Object> message = obj("type", "message", "summary", this.title, "attachments",
				List.of(obj("contentType", "application/vnd.microsoft.card.adaptive", "content", card)));
		return JSON.writeValueAsString(message);
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
