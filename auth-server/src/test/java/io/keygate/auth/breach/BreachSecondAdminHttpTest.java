package io.keygate.auth.breach;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import io.keygate.auth.testsupport.KeygateHttpTest;
import io.keygate.policy.grant.GrantStore;
import io.keygate.policy.identity.Role;
import io.keygate.testsupport.TestClient;
import io.keygate.testsupport.VirtualKey;

/**
 * With {@code keygate.breach.second-admin=true} a declaration takes effect only on a second
 * security admin's key confirmation: the declaring admin's own key is not enough, nor can they
 * give the second confirmation themself.
 */
@TestPropertySource(properties = { "keygate.catalog=classpath:io/keygate/testsupport/test-catalog.yml",
		"keygate.gateway.public-url=https://gateway.utility.example", "keygate.breach.second-admin=true",
		"keygate.breach.receipt-bound=1s", "keygate.breach.receipt-check-interval=200ms" })
class BreachSecondAdminHttpTest extends KeygateHttpTest {

	@Autowired
	GrantStore grantStore;

	record Person(String subject, VirtualKey key, TestClient client) {
	}

	private Person person(String email, Role... roles) {
		VirtualKey key = VirtualKey.packed();
		return new Person(email, key, enroll(key, email, roles));
	}

	private static TestClient.Response confirm(Person admin, String id) {
		TestClient.Response challenge = admin.client().post("/admin/breach/declarations/" + id + "/step-up", "{}");
		if (challenge.status() != 200) {
			return challenge;
		}
		return admin.client().post("/admin/breach/declarations/" + id + "/confirmation", "{\"challengeId\":\""
				+ challenge.json().get("challengeId").asString() + "\",\"credential\":"
				+ admin.key().get(challenge.json().get("publicKey")) + "}");
	}

	@Test
	void declareWhenSecondAdminRequiredThenInEffectOnlyAfterAnotherAdminsKey() {
		String run = UUID.randomUUID().toString().substring(0, 8);
		Person adminA = person("sec-a-" + run + "@utility.example", Role.SECURITY_ADMIN);
		Person adminB = person("sec-b-" + run + "@utility.example", Role.SECURITY_ADMIN);
		person("vic-" + run + "@itron" + run + ".example", Role.VENDOR_ENGINEER);
		String organisation = "itron" + run + "-example";
		Instant now = Instant.now();
		TestClient.Response drafted = adminA.client().post("/admin/breach/declarations", Map.of("organisation", organisation,
				"from", now.minus(Duration.ofDays(2)).toString(), "to", now.toString(), "reference", "ADV-" + run));
		assertThat(drafted.status()).as(drafted.body()).isEqualTo(201);
		String id = drafted.json().get("id").asString();

		TestClient.Response first = confirm(adminA, id);

		assertThat(first.status()).as(first.body()).isEqualTo(202);
		assertThat(first.json().get("state").asString()).isEqualTo("AWAITING_SECOND_ADMIN");
		assertThat(this.grantStore.isSuspended(organisation)).isFalse();
		TestClient.Response again = confirm(adminA, id);
		assertThat(again.status()).isEqualTo(403);
		assertThat(again.code()).isEqualTo("SECOND_ADMIN_MUST_DIFFER");
		assertThat(this.grantStore.isSuspended(organisation)).isFalse();

		TestClient.Response second = confirm(adminB, id);

		assertThat(second.status()).as(second.body()).isEqualTo(200);
		assertThat(second.json().get("state").asString()).isEqualTo("DECLARED");
		assertThat(second.json().get("secondAdmin").asString()).isEqualTo(adminB.subject());
		assertThat(this.grantStore.isSuspended(organisation)).isTrue();
		assertThat(lastAudit("breach.declared").entry().details()).containsEntry("secondAdmin", adminB.subject())
			.containsEntry("draftedBy", adminA.subject());
		// No gateway is known in this context and none answered: that is alerted too.
		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
				this.audit.latestByAction("breach.receipt.missing", 100))
			.anySatisfy(e -> {
				assertThat(e.entry().details()).containsEntry("declarationId", id).containsKey("alert.explanation");
				assertThat(e.entry().outcome()).isEqualTo("NO_GATEWAY");
			}));
		TestClient.Response third = confirm(adminB, id);
		assertThat(third.status()).isEqualTo(409);
		assertThat(third.code()).isEqualTo("NOT_AWAITING_CONFIRMATION");
	}

}
