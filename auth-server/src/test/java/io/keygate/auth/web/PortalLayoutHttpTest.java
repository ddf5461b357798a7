package io.keygate.auth.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import io.keygate.auth.testsupport.KeygateHttpTest;
import io.keygate.policy.identity.Role;
import io.keygate.testsupport.TestClient;
import io.keygate.testsupport.VirtualKey;

/**
 * Every portal page is drawn by the one layout (templates/layout): the shared head (charset,
 * viewport, "… – Keygate" title, the stylesheet), {@code lang}, the demo banner in the demo start,
 * and exactly one {@code h1}. Each page is fetched as the person who may see it.
 */
@TestPropertySource(properties = { "keygate.catalog=classpath:io/keygate/testsupport/test-catalog.yml", "keygate.demo=true" })
class PortalLayoutHttpTest extends KeygateHttpTest {

	private static final Pattern TITLE = Pattern.compile("<title>([^<]+)</title>");

	private final String run = UUID.randomUUID().toString().substring(0, 8);

	private static void assertFramed(String what, TestClient.Response page) {
		assertThat(page.status()).as(what + " status").isIn(200, 403, 404);
		String html = page.body();
		assertThat(html).as(what).startsWith("<!DOCTYPE html>")
			.contains("<html lang=\"en\">")
			.contains("<meta charset=\"utf-8\">")
			.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
			.contains("/css/keygate.css\">")
			.contains("id=\"demo-banner\"");
		Matcher title = TITLE.matcher(html);
		assertThat(title.find()).as(what + " has a title").isTrue();
		assertThat(title.group(1)).as(what + " title").endsWith(" – Keygate").doesNotStartWith(" ");
		assertThat(html.split("<h1[ >]", -1)).as(what + ": exactly one h1").hasSize(2);
		assertThat(html.split("<main[ >]", -1)).as(what + ": exactly one main").hasSize(2);
		assertThat(html.split("id=\"demo-banner\"", -1)).as(what + ": one demo banner").hasSize(2);
	}

	@Test
	void everyPortalPageWhenRenderedThenSharedHeadAndExactlyOneH1() {
		TestClient vendor = enroll(VirtualKey.packed(), "vic-" + this.run + "@abb" + this.run + ".example", Role.VENDOR_ENGINEER);
		TestClient admin = enroll(VirtualKey.packed(), "ada-" + this.run + "@utility.example", Role.SECURITY_ADMIN);
		TestClient approver = enroll(VirtualKey.packed(), "ida-" + this.run + "@utility.example", Role.APPROVER);

		Map<String, TestClient.Response> pages = new LinkedHashMap<>();
		pages.put("sign-in", client().get("/login"));
		pages.put("enroll (bad link)", client().get("/enroll?token=no-such-token"));
		for (String path : List.of("/access/vendor", "/live", "/access/break-glass", "/account")) {
			pages.put("vendor " + path, vendor.get(path));
		}
		pages.put("refusal page", vendor.get("/admin/users"));
		for (String path : List.of("/access/approver", "/access/organisations", "/access/admin", "/access/alerts")) {
			pages.put("approver " + path, approver.get(path));
		}
		for (String path : List.of("/access/people", "/access/admin", "/access/alerts", "/access/honeytokens",
				"/access/admin/breach", "/live", "/access/evidence", "/access/break-glass", "/access/firmware",
				"/admin/key-models", "/account")) {
			pages.put("admin " + path, admin.get(path));
		}
		pages.forEach(PortalLayoutHttpTest::assertFramed);
		assertThat(pages.get("refusal page").status()).isEqualTo(403);
	}

}
