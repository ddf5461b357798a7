package io.keygate.gateway.home;

import org.springframework.web.util.HtmlUtils;

/**
 * The frame of every page the gateway itself serves (landing page, refusals): the portal's look
 * in one inline stylesheet (the pages' Content-Security-Policy allows inline styles and nothing
 * else), an {@code h1}, and always a way back to the portal's "My access".
 */
public final class GatewayPage {

	private static final String STYLE = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;background:#eef1f5;"
			+ "color:#222;margin:0;padding:1rem}.page{max-width:48rem;margin:1rem auto;background:#fff;padding:1.5rem 2rem;"
			+ "border-radius:8px;box-shadow:0 1px 4px rgba(0,0,0,.15);overflow-wrap:anywhere}"
			+ "nav{display:flex;gap:1.2rem;align-items:baseline;border-bottom:2px solid #223;padding-bottom:.6rem;margin-bottom:1rem}"
			+ "h1{font-size:1.5rem;margin:.5rem 0 1rem}.refusal{background:#fdecea;border-left:6px solid #b00020;padding:.7rem 1rem;"
			+ "margin:1rem 0;font-size:1.05rem}.ended{background:#e8eef9;border-left:6px solid #1e4e9c;padding:.7rem 1rem;"
			+ "margin:1rem 0;font-size:1.05rem}.muted{color:#666;font-size:.9rem}a.primary{display:inline-block;background:#1e4e9c;"
			+ "color:#fff;border-radius:4px;padding:.4rem .9rem;text-decoration:none;margin:.2rem .4rem .2rem 0}"
			+ "table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem;border-bottom:1px solid #ddd}"
			+ "code{overflow-wrap:anywhere}";

	private GatewayPage() {
	}

	/** A whole page; {@code body} is already escaped HTML, {@code title} is plain text. */
	public static String of(String title, String portalAccess, String body) {
		String back = HtmlUtils.htmlEscape(portalAccess);
		return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
				+ "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>"
				+ HtmlUtils.htmlEscape(title) + " \u2013 Keygate</title><style>" + STYLE + "</style></head><body>"
				// The demo start's red banner (empty outside it) on every page the gateway writes itself.
				+ io.keygate.gateway.demo.DemoBanner.html() + "<main class=\"page\">"
				+ "<nav><strong>Keygate gateway</strong><a id=\"my-access\" href=\"" + back + "\">My access in the portal</a></nav>"
				+ "<h1>" + HtmlUtils.htmlEscape(title) + "</h1>" + body + "</main></body></html>";
	}

	/** The portal's "My access" page. */
	public static String myAccess(java.net.URI portalUrl) {
		String base = portalUrl.toString();
		return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/access/vendor";
	}

}
