package io.keygate.gateway.demo;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The red "DEMO — not secure" banner on the gateway's own pages (refusal, signed out) when the
 * quickstart runs with {@code --demo} ({@code keygate.demo=true}). The gateway's pages are built
 * by static helpers, so the switch is held here for them; it is set from this gateway's own
 * configuration at start and cleared when the context closes, so a demo start cannot leave it on
 * for a later start in the same JVM.
 */
@Component
public final class DemoBanner implements DisposableBean {

	private static volatile boolean on;

	public DemoBanner(@Value("${keygate.demo:false}") boolean demo) {
		on = demo;
	}

	/** The banner's HTML, or an empty string outside the demo start. */
	public static String html() {
		return on ? "<p id=\"demo-banner\" role=\"alert\" style=\"background:#b00020;color:#fff;font-weight:bold;"
				+ "text-align:center;padding:.6rem;margin:0 0 1rem;font-size:1.1rem\">DEMO — not secure: Chromium's virtual "
				+ "authenticator is trusted as a hardware key. Never use this start for real people or systems.</p>" : "";
	}

	@Override
	public void destroy() {
		on = false;
	}

}
