package io.keygate.auth.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The two chat formats: valid JSON in each service's shape, and a vendor's text never becomes Slack markup. */
class ChatMessageTest {

	static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void slackJsonWhenReasonHoldsMentionsOrLinksThenEscapedAsText() {
		Map<String, String> facts = new LinkedHashMap<>();
		facts.put("Reason", "<!channel> see <https://evil.example|here> & now");
		ChatMessage message = new ChatMessage("title", "<@U123> asks", facts, "https://keygate.example/x", "Open", false);

		JsonNode slack = JSON.readTree(message.slackJson());

		assertThat(slack.path("blocks").get(1).path("text").path("text").asString()).isEqualTo("&lt;@U123&gt; asks");
		assertThat(slack.path("blocks").get(2).path("text").path("text").asString())
			.isEqualTo("*Reason:* &lt;!channel&gt; see &lt;https://evil.example|here&gt; &amp; now\n");
		assertThat(slack.path("blocks").get(3).path("elements").get(0).path("url").asString()).isEqualTo("https://keygate.example/x");
	}

	@Test
	void teamsJsonWhenUrgentThenAdaptiveCardWithAttentionTitleAndOpenUrlAction() {
		ChatMessage message = new ChatMessage("BREAK-GLASS", "opened", Map.of("Who", "val"), "https://keygate.example/bg", "Review",
				true);

		JsonNode card = JSON.readTree(message.teamsJson()).path("attachments").get(0).path("content");

		assertThat(card.path("type").asString()).isEqualTo("AdaptiveCard");
		assertThat(card.path("body").get(0).path("color").asString()).isEqualTo("Attention");
		assertThat(card.path("body").get(2).path("facts").get(0).path("value").asString()).isEqualTo("val");
		assertThat(card.path("actions").get(0).path("type").asString()).isEqualTo("Action.OpenUrl");
		assertThat(card.path("actions").get(0).path("url").asString()).isEqualTo("https://keygate.example/bg");
	}

}
