package io.keygate.auth.notify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.keygate.auth.access.webhook.ChannelHealth;
import io.keygate.auth.access.webhook.OutboxChannel;

/**
 * Each notification channel for admins ({@code /admin/**}): configured or not, last success,
 * last error. "No channel configured" is the first thing to fix, so it is said in so many words.
 */
@RestController
public final class ChannelHealthController {

	private final List<OutboxChannel> channels;

	private final ChannelHealth health;

	public ChannelHealthController(List<OutboxChannel> channels, ChannelHealth health) {
		this.channels = List.copyOf(channels);
		this.health = health;
	}

	@GetMapping(path = "/admin/notifications/channels", produces = MediaType.APPLICATION_JSON_VALUE)
	public Map<String, Object> channels() {
		Map<String, ChannelHealth.State> states = new LinkedHashMap<>();
		this.health.all().forEach(state -> states.put(state.channel(), state));
		List<Map<String, Object>> rows = new ArrayList<>();
		boolean any = false;
		for (OutboxChannel channel : this.channels) {
			ChannelHealth.State state = states.get(channel.name());
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("channel", channel.name());
			row.put("configured", channel.enabled());
			row.put("lastSuccessAt", state == null || state.lastSuccessAt() == null ? null : state.lastSuccessAt().toString());
			row.put("lastErrorAt", state == null || state.lastErrorAt() == null ? null : state.lastErrorAt().toString());
			row.put("lastError", state == null ? null : state.lastError());
			row.put("healthy", channel.enabled() && (state == null || state.lastErrorAt() == null
					|| (state.lastSuccessAt() != null && state.lastSuccessAt().isAfter(state.lastErrorAt()))));
			rows.add(row);
			any |= channel.enabled();
		}
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("channels", rows);
		view.put("summary", any ? "" : "No notification channel is configured: approvers are told of nothing.");
		return view;
	}

}
