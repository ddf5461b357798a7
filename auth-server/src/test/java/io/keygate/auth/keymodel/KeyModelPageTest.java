package io.keygate.auth.keymodel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.keygate.auth.testsupport.KeygateHttpTest;
import io.keygate.auth.webauthn.TrustRootLoader;
import io.keygate.testsupport.TestClient;
import io.keygate.testsupport.TestTrustStore;
import io.keygate.testsupport.VirtualKey;
import io.keygate.policy.identity.Role;

import static org.assertj.core.api.Assertions.assertThat;

/** The security admin's overview of the key models in use, and that nobody else sees it. */
class KeyModelPageTest extends KeygateHttpTest {

	@Test
	void keyModelsWhenAdminThenEachModelWithItsAaguidRootAndPeople() throws Exception {
		TestClient admin = enroll(VirtualKey.packed(), "models-admin@utility.example", Role.SECURITY_ADMIN);
		enroll(VirtualKey.packed(), "models-vendor@itron.example", Role.VENDOR_ENGINEER);
		TestClient.Response page = admin.get("/admin/key-models");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("Security-key models in use")
			.contains(VirtualKey.packedAaguid().toString())
			.contains("models-admin@utility.example")
			.contains("models-vendor@itron.example")
			.contains(KeyModelCatalogue.UNKNOWN_MODEL)
			.doesNotContain(KeyModelCatalogue.NO_TRUSTED_ROOT);
		// The root named is the test trust store's root the emulated keys chain to.
		assertThat(testRootSubjects()).anySatisfy(subject -> assertThat(page.body()).contains(escaped(subject)));
		assertThat(page.body()).contains("href=\"/admin/key-models\"");
	}

	@Test
	void keyModelsWhenVendorEngineerThenForbidden() {
		TestClient vendor = enroll(VirtualKey.packed(), "models-curious@itron.example", Role.VENDOR_ENGINEER);
		assertThat(vendor.get("/admin/key-models").status()).isEqualTo(403);
	}

	@Test
	void keyModelsWhenNotSignedInThenNotShown() {
		TestClient.Response response = client().get("/admin/key-models");
		assertThat(response.status()).isIn(302, 401);
		assertThat(response.body()).doesNotContain("Security-key models in use");
	}

	private static List<String> testRootSubjects() throws Exception {
		Path directory = TestTrustStore.rootsDirectory();
		try (var files = Files.list(directory)) {
			return files.flatMap(file -> TrustRootLoader.readCertificates(file).stream())
				.map(X509Certificate::getSubjectX500Principal)
				.map(principal -> principal.getName())
				.toList();
		}
	}

	private static String escaped(String text) {
		return org.springframework.web.util.HtmlUtils.htmlEscape(text);
	}

}
