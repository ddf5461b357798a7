package io.keygate.auth.access;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/** The account cut-off on H2 (the same context as the access service tests). */
@SpringBootTest(properties = { "spring.datasource.url=jdbc:h2:mem:access-service;DB_CLOSE_DELAY=-1", "keygate.webauthn.rp-id=localhost",
		"keygate.webauthn.origins=http://localhost",
		"keygate.catalog=classpath:io/keygate/testsupport/test-catalog.yml",
		"keygate.access.expiry-sweep-interval=PT1H",
		"keygate.access.activation-interval=PT1H" })
@ActiveProfiles("test")
@Import(AccessTestConfiguration.class)
class AccountCutoffH2Test extends AccountCutoffContract {

}
