package io.keygate.gateway.oversize;

import java.nio.charset.StandardCharsets;

import org.springframework.web.util.HtmlUtils;

import io.keygate.gateway.home.GatewayPage;

/**
 * The two ways a request can be too large, each with its status and the sentence a person reads.
 * Nothing of the request is echoed back: it was refused for its size, and reflecting it would only
 * make the answer as large (and could carry markup).
 */
public enum Oversize {

	/** The request line (method, address, version) is longer than the gateway reads. */
	REQUEST_LINE(414, "Address too long",
			"The address of this request is longer than Keygate accepts. Open the page from a link instead of pasting a very long address."),

	/** The headers (cookies included) are larger than the gateway reads. */
	HEADERS(431, "Request headers too large",
			"This request carries more header data than Keygate accepts, often because of too many or too large cookies. "
					+ "Clear this site's cookies and sign in again.");

	private final int status;

	private final String title;

	private final String message;

	Oversize(int status, String title, String message) {
		this.status = status;
		this.title = title;
		this.message = message;
	}

	public int status() {
		return this.status;
	}

	public String title() {
		return this.title;
	}

	public String message() {
		return this.message;
	}

	/** The styled page, with the way back to the portal's "My access". */
	public byte[] html(String myAccess) {
		String body = "<p class=\"refusal\" id=\"why\">" + HtmlUtils.htmlEscape(this.message) + "</p>"
				+ "<p><a class=\"primary\" href=\"" + HtmlUtils.htmlEscape(myAccess) + "\">Back to my access</a></p>"
				+ "<p class=\"muted\" id=\"reason\">Status: " + this.status + "</p>";
		return GatewayPage.of(this.title, myAccess, body).getBytes(StandardCharsets.UTF_8);
	}

	/** The RFC 9457 problem document for API clients (the shape the deny answers use). */
	public byte[] problem() {
		return ("{\"title\":\"" + this.title + "\",\"status\":" + this.status + ",\"detail\":\"" + this.message + "\"}")
			.getBytes(StandardCharsets.UTF_8);
	}

}
