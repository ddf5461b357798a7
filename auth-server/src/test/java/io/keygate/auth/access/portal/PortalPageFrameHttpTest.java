package io.keygate.auth.access.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import io.keygate.auth.testsupport.KeygateHttpTest;
import io.keygate.policy.identity.Role;
import io.keygate.testsupport.TestClient;
import io.keygate.testsupport.VirtualKey;

/** The portal pages' frame: an h1 on each, a label for each field, disabled buttons that look disabled. */
@TestPropertySource(properties = { "keygate.catalog=classpath:io/keygate/testsupport/test-catalog.yml",
		"keygate.gateway.public-url=https://gateway.utility.example" })
class PortalPageFrameHttpTest extends KeygateHttpTest {

	private static final Pattern FIELD = Pattern.compile("<(input|select|textarea)\\b([^>]*)>");

	private static final Pattern ID = Pattern.compile("\\bid=\"([^\"]+)\"");

	private final String run = UUID.randomUUID().toString().substring(0, 8);

	/** Every visible field has a {@code <label for>}, is inside a label, or carries an aria-label. */
	private static void assertEveryFieldLabelled(String page) {
		Matcher field = FIELD.matcher(page);
		while (field.find()) {
			String attributes = field.group(2);
			if (attributes.contains("type=\"hidden\"") || attributes.contains("aria-label=")) {
				continue;
			}
			Matcher id = ID.matcher(attributes);
			boolean labelledFor = id.find() && page.contains("<label for=\"" + id.group(1) + "\"");
			int open = page.lastIndexOf("<label", field.start());
			boolean wrapped = open >= 0 && page.lastIndexOf("</label>", field.start()) < open;
			assertThat(labelledFor || wrapped).as("field without a label: " + field.group()).isTrue();
		}
	}

	@Test
	void portalPagesWhenRenderedThenEachHasH1AndLabelledFields() {
		TestClient vendor = enroll(VirtualKey.packed(), "fay-" + this.run + "@abb" + this.run + ".example",
				Role.VENDOR_ENGINEER);
		TestClient admin = enroll(VirtualKey.packed(), "ada-" + this.run + "@utility.example", Role.SECURITY_ADMIN);
		TestClient approver = enroll(VirtualKey.packed(), "ida-" + this.run + "@utility.example", Role.APPROVER);

		String mine = vendor.get("/access/vendor").body();
		assertThat(mine).contains("<h1>My access</h1>").contains("button:disabled");
		assertEveryFieldLabelled(mine);
		for (String path : new String[] { "/access/admin", "/access/people" }) {
			String page = admin.get(path).body();
			assertThat(page).as(path).containsPattern("<h1>[^<]+</h1>");
			assertEveryFieldLabelled(page);
		}
		for (String path : new String[] { "/access/approver", "/access/organisations" }) {
			String page = approver.get(path).body();
			assertThat(page).as(path).containsPattern("<h1>[^<]+</h1>");
		}
	}

}
