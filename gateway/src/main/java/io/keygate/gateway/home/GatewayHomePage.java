package io.keygate.gateway.home;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.HtmlUtils;

import io.keygate.gateway.access.Identity;
import io.keygate.policy.catalog.Target;
import io.keygate.policy.catalog.TargetCatalog;
import io.keygate.policy.grant.GrantLookup;
import io.keygate.policy.grant.GrantSource;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The gateway's root: the signed-in person's live access with a link into each target, instead
 * of a 404. It only reads the grant store (the same lookups the decision makes) and never lists a
 * decoy; whether a link then works is still decided per request by the access filter.
 */
public final class GatewayHomePage {

	private final TargetCatalog catalog;

	private final GrantSource grants;

	private final String subjectClaim;

	private final String organisationClaim;

	private final String myAccess;

	private final Clock clock;

	public GatewayHomePage(TargetCatalog catalog, GrantSource grants, String subjectClaim, String organisationClaim,
			java.net.URI portalUrl, Clock clock) {
		this.catalog = catalog;
		this.grants = grants;
		this.subjectClaim = subjectClaim;
		this.organisationClaim = organisationClaim;
		this.myAccess = GatewayPage.myAccess(portalUrl);
		this.clock = clock;
	}

	public Mono<ServerResponse> render(ServerRequest request) {
		return request.principal()
			.map(principal -> Identity.of(principal, this.subjectClaim, this.organisationClaim))
			.defaultIfEmpty(Optional.empty())
			// The store may be Redis: never block the event loop on it.
			.flatMap(identity -> Mono.fromCallable(() -> page(identity)).subscribeOn(Schedulers.boundedElastic()))
			.flatMap(html -> ServerResponse.ok()
				.contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
				.header("Cache-Control", "no-store")
				.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
				.bodyValue(html));
	}

	String page(Optional<Identity> identity) {
		if (identity.isEmpty()) {
			return GatewayPage.of("Your access", this.myAccess,
					"<p class=\"refusal\">Your sign-in carries no identity Keygate can use. Sign out and in again.</p>");
		}
		Identity who = identity.get();
		Instant now = this.clock.instant();
		List<String> rows = new ArrayList<>();
		for (Target target : this.catalog.requestable()) {
			GrantLookup lookup = this.grants.lookup(who.subject(), who.organisation(), target.id());
			if (lookup instanceof GrantLookup.Live live && !now.isBefore(live.grant().notBefore())
					&& now.isBefore(live.grant().notAfter())) {
				String path = "/t/" + target.id() + "/";
				rows.add("<tr><td>" + HtmlUtils.htmlEscape(target.name()) + "</td><td>" + HtmlUtils.htmlEscape(live.grant().level())
						+ "</td><td>" + left(Duration.between(now, live.grant().notAfter())) + "</td><td><a class=\"primary\" href=\""
						+ HtmlUtils.htmlEscape(path) + "\">Open " + HtmlUtils.htmlEscape(target.name()) + "</a></td></tr>");
			}
		}
		String greeting = "<p class=\"muted\">Signed in as " + HtmlUtils.htmlEscape(who.subject()) + " ("
				+ HtmlUtils.htmlEscape(who.organisation()) + ").</p>";
		if (rows.isEmpty()) {
			return GatewayPage.of("Your access", this.myAccess, greeting
					+ "<p id=\"no-access\">You have no live access right now. Ask for it in the portal; once it is approved, "
					+ "its link appears here.</p><p><a class=\"primary\" href=\"" + HtmlUtils.htmlEscape(this.myAccess)
					+ "\">Ask for access</a></p>");
		}
		return GatewayPage.of("Your access", this.myAccess, greeting
				+ "<table id=\"live-access\"><tr><th>Target</th><th>Level</th><th>Time left</th><th>Open</th></tr>"
				+ String.join("", rows) + "</table>");
	}

	static String left(Duration remaining) {
		long seconds = Math.max(0, remaining.toSeconds());
		if (seconds < 60) {
			return seconds + " s";
		}
		long minutes = seconds / 60;
		return minutes < 60 ? minutes + " min" : minutes / 60 + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
	}

}
