package io.keygate.infra.simulator;

import java.util.List;

import org.springframework.web.util.HtmlUtils;

/**
 * The console's HTML. Every link is relative so that the pages work both directly and behind
 * the gateway, wherever it mounts the target. Element ids are stable: the browser tests use them.
 */
final class SimulatorPages {

	private final SimulatorProperties properties;

	SimulatorPages(SimulatorProperties properties) {
		this.properties = properties;
	}

	String console(List<Meter> meters, List<FirmwareImage> firmware) {
		StringBuilder rows = new StringBuilder();
		for (Meter meter : meters) {
			rows.append("<tr data-meter=\"").append(e(meter.id())).append("\"><td><a href=\"meters/").append(e(meter.id())).append("\">")
				.append(e(meter.id())).append("</a></td><td>").append(e(meter.serial())).append("</td><td>").append(e(meter.location()))
				.append("</td><td class=\"relay\">").append(meter.relay()).append("</td><td>").append(e(meter.firmware()))
				.append("</td><td class=\"kwh\">").append(meter.registerKwh()).append("</td></tr>\n");
		}
		StringBuilder images = new StringBuilder();
		for (FirmwareImage image : firmware) {
			images.append("<li>").append(e(image.filename())).append(" ").append(e(image.version())).append(" sha256 <code>")
				.append(e(image.sha256())).append("</code></li>\n");
		}
		return page(this.properties.system().title(), """
				<h2>Meters</h2>
				<table id="meters"><thead><tr><th>Meter</th><th>Serial</th><th>Location</th><th>Relay</th><th>Firmware</th><th>Register (kWh)</th></tr></thead>
				<tbody>
				%s</tbody></table>
				<h2>Remote connect / disconnect</h2>
				<form id="command-form" method="post" action="api/commands/disconnect">
				  <label>Meter <input name="meterId" id="command-meter" value="%s"></label>
				  <button type="submit" id="disconnect">Disconnect</button>
				  <button type="submit" id="connect" formaction="api/commands/connect">Connect</button>
				</form>
				<h2>Firmware</h2>
				<form id="firmware-form" method="post" action="api/firmware/images" enctype="multipart/form-data">
				  <label>Image <input type="file" name="image" id="firmware-file"></label>
				  <label>Version <input name="version" id="firmware-version" value="4.3.0"></label>
				  <button type="submit" id="firmware-upload">Upload</button>
				</form>
				<ul id="firmware">%s</ul>
				%s
				<h2>Live events <span id="event-status">connecting</span></h2>
				<ol id="events"></ol>
				<script>
				(function () {
				  var status = document.getElementById('event-status');
				  var list = document.getElementById('events');
				  var url = new URL('events', window.location.href);
				  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
				  var socket = new WebSocket(url.href);
				  socket.onopen = function () { status.textContent = 'open'; };
				  socket.onclose = function (e) { status.textContent = 'closed'; status.setAttribute('data-code', e.code); };
				  socket.onerror = function () { status.setAttribute('data-error', 'true'); };
				  socket.onmessage = function (m) {
				    var event = JSON.parse(m.data);
				    var item = document.createElement('li');
				    item.className = 'event event-' + event.type;
				    item.textContent = event.at + ' ' + event.type + ' ' + (event.meterId || '') + ' ' + event.detail;
				    list.insertBefore(item, list.firstChild);
				    while (list.children.length > 50) { list.removeChild(list.lastChild); }
				  };
				})();
				</script>
				""".formatted(rows, meters.isEmpty() ? "" : e(meters.get(0).id()), images, bait()));
	}

	/**
	 * Bait where an intruder browsing the console would look: an API key "for scripts" (a
	 * honeytoken: presenting it anywhere trips the alarm) and a link to a decoy system.
	 */
	private String bait() {
		SimulatorProperties.Bait bait = this.properties.bait();
		if (bait.honeytoken().isEmpty() && bait.decoyLink().isEmpty()) {
			return "";
		}
		StringBuilder notes = new StringBuilder("<h2>Service notes</h2>\n<ul id=\"service-notes\">\n");
		if (!bait.honeytoken().isEmpty()) {
			notes.append("<li>API key for scripts (X-Api-Key): <code id=\"bait-api-key\">").append(e(bait.honeytoken()))
				.append("</code></li>\n");
		}
		if (!bait.decoyLink().isEmpty()) {
			notes.append("<li>Trends and raw tags: <a id=\"bait-decoy-link\" href=\"").append(e(bait.decoyLink()))
				.append("\">substation historian</a></li>\n");
		}
		return notes.append("</ul>").toString();
	}

	String meter(Meter meter, List<MeterRead> reads) {
		StringBuilder rows = new StringBuilder();
		for (MeterRead read : reads) {
			rows.append("<tr><td>").append(read.at()).append("</td><td>").append(read.registerKwh()).append("</td><td>")
				.append(read.intervalKwh()).append("</td></tr>\n");
		}
		return page(this.properties.system().title() + " — " + meter.id(), """
				<p><a href="../">Back to the console</a></p>
				<dl id="meter"><dt>Serial</dt><dd>%s</dd><dt>Location</dt><dd>%s</dd><dt>Relay</dt><dd id="relay">%s</dd>
				<dt>Firmware</dt><dd>%s</dd></dl>
				<h2>Interval reads</h2>
				<table id="reads"><thead><tr><th>At</th><th>Register (kWh)</th><th>Interval (kWh)</th></tr></thead><tbody>
				%s</tbody></table>
				""".formatted(e(meter.serial()), e(meter.location()), meter.relay(), e(meter.firmware()), rows));
	}

	String notFound() {
		return page("Not found", "<p id=\"not-found\">No such page on this system.</p>");
	}

	private String page(String title, String body) {
		return """
				<!DOCTYPE html>
				<html lang="en"><head><meta charset="utf-8"><title>%s · %s</title>
				<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .5em}
				#event-status{font-size:.7em;color:#555}</style></head>
				<body data-system="%s"><h1 id="title">%s</h1><p id="site">Site: %s</p>
				%s</body></html>
				""".formatted(e(title), e(this.properties.site()), this.properties.system(), e(title), e(this.properties.site()), body);
	}

	private static String e(String text) {
		return HtmlUtils.htmlEscape(text);
	}

}
