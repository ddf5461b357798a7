package io.keygate.auth.keys;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.keygate.auth.testsupport.KeygateHttpTest;
import io.keygate.testsupport.TestClient;
import io.keygate.testsupport.VirtualKey;
import io.keygate.policy.identity.Role;

class AccountPageTest extends KeygateHttpTest {

	@Test
	void homeWhenSignedInThenAccountPageShowsIdentityAndKeys() {
		TestClient client = enroll(VirtualKey.packed(), "page@itron.example", Role.VENDOR_ENGINEER);

		assertThat(client.get("/").header("Location")).endsWith("/account");
		TestClient.Response page = client.get("/account");

		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("page@itron.example").contains("itron-example").contains("VENDOR_ENGINEER")
			.contains("test key").doesNotContain("Invite a person");
	}

	@Test
	void accountPageWhenSecurityAdminThenShowsInvitationForm() {
		TestClient client = enroll(VirtualKey.packed(), "pageadmin@utility.example", Role.SECURITY_ADMIN);

		assertThat(client.get("/account").body()).contains("Invite a person");
	}

	@Test
	void loginPageWhenOpenedThenOffersOnlyTheSecurityKey() {
		TestClient.Response page = client().get("/login");

		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("Sign in with security key").doesNotContainIgnoringCase("password");
	}

}
