package io.keygate.policy.shape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.keygate.policy.catalog.AccessLevel;
import io.keygate.policy.catalog.AccessRule;
import io.keygate.policy.catalog.PathPattern;
import io.keygate.policy.catalog.TargetCatalogFile;
import io.keygate.policy.catalog.WebSocketMode;
import io.keygate.policy.decision.AccessPolicy;
import io.keygate.policy.decision.AccessQuery;
import io.keygate.policy.decision.Decision;
import io.keygate.policy.decision.Decision.Allow;
import io.keygate.policy.decision.Decision.Deny;
import io.keygate.policy.decision.DenyReason;
import io.keygate.policy.fixtures.TestGrants;
import io.keygate.policy.fixtures.TestTargets;
import io.keygate.policy.grant.InMemoryGrantStore;
import io.keygate.policy.testsupport.MutableClock;

/** The request-shape deny branches of the one decision, each asserting the reason. */
class RequestShapeDecisionTest {

	private static final String GATEWAY = "https://gw.example";

	private final MutableClock clock = MutableClock.at(Instant.parse("2026-11-25T11:00:00Z"));

	private final InMemoryGrantStore store = new InMemoryGrantStore(this.clock);

	private final AccessPolicy policy = new AccessPolicy(TestTargets.catalog(), this.clock);

	private static RequestShape shape(List<String> headers, List<String> query, List<String> form, boolean inspected,
			boolean body, boolean webSocket, String origin, String site) {
		return new RequestShape(headers, query, form, inspected, body, webSocket, origin, site, GATEWAY, false);
	}

	private static RequestShape sameOrigin() {
		return shape(List.of(), List.of(), List.of(), true, false, false, GATEWAY, null);
	}

	private Decision decide(String level, String method, String path, RequestShape shape) {
		this.store.put(TestGrants.grant().level(level).build());
		return this.policy.decide(new AccessQuery("alice", "itron", "head-end", method, path, shape), this.store);
	}

	private static DenyReason reasonOf(Decision decision) {
		assertThat(decision).isInstanceOf(Deny.class);
		return ((Deny) decision).reason();
	}

	@Test
	void decideWhenOverrideHeaderInAnyCaseOrUnderscoredThenDenyOverrideRefused() {
		for (String header : List.of("X-HTTP-Method-Override", "x-original-url", "X_Rewrite_URL", " X-Method-Override")) {
			RequestShape shape = shape(List.of("Accept", header), List.of(), List.of(), true, false, false, null, null);
			assertThat(reasonOf(decide("read", "GET", "/api/meters/1", shape))).as(header).isEqualTo(DenyReason.OVERRIDE_REFUSED);
		}
	}

	@Test
	void decideWhenOverrideQueryParameterEncodedOrMangledThenDenyOverrideRefused() {
		for (String name : List.of("_method", "_METHOD", "%5Fmethod", "_metho%64", ".method", "_method%5B%5D", "_HttpMethod",
				"%C0", "X-HTTP-Method-Override")) {
			RequestShape shape = shape(List.of(), List.of("from", name), List.of(), true, false, false, null, null);
			assertThat(reasonOf(decide("read", "GET", "/api/meters/1", shape))).as(name).isEqualTo(DenyReason.OVERRIDE_REFUSED);
		}
	}

	@Test
	void decideWhenOverrideFormFieldOrUninspectableFormThenDenyOverrideRefused() {
		RequestShape field = shape(List.of(), List.of(), List.of("meter", "_method"), true, true, false, GATEWAY, null);
		assertThat(reasonOf(decide("operate", "POST", "/api/commands/x", field))).isEqualTo(DenyReason.OVERRIDE_REFUSED);
		RequestShape uninspected = shape(List.of(), List.of(), List.of(), false, true, false, GATEWAY, null);
		assertThat(reasonOf(decide("operate", "POST", "/api/commands/x", uninspected))).isEqualTo(DenyReason.OVERRIDE_REFUSED);
	}

	@Test
	void decideWhenOverrideHeaderConfiguredAllowedThroughThenNotRefused() {
		AccessPolicy relaxed = new AccessPolicy(TestTargets.catalog(), this.clock,
				new ShapeSettings(Set.of("X-Original-URL"), Set.of("_method"), false));
		this.store.put(TestGrants.grant().level("read").build());
		RequestShape shape = shape(List.of("X-Original-URL"), List.of("_method"), List.of(), true, false, false, null, null);
		assertThat(relaxed.decide(new AccessQuery("alice", "itron", "head-end", "GET", "/api/meters/1", shape), this.store))
			.isInstanceOf(Allow.class);
		RequestShape form = shape(List.of(), List.of(), List.of("_method"), true, true, false, GATEWAY, null);
		assertThat(reasonOf(relaxed.decide(new AccessQuery("alice", "itron", "head-end", "POST", "/api/commands/x", form),
				this.store))).isEqualTo(DenyReason.OVERRIDE_REFUSED);
	}

	@Test
	void shapeSettingsWhenNameIsNotAKnownOverrideThenRefusedAtStartUp() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ShapeSettings(Set.of("X-Api-Key"), Set.of(), false))
			.withMessageContaining("x-api-key");
	}

	@Test
	void decideWhenBodyOnGetHeadOrDeleteWithoutDeleteBodyThenDenyBodyNotAllowed() {
		RequestShape body = shape(List.of(), List.of(), List.of(), true, true, false, GATEWAY, null);
		assertThat(reasonOf(decide("read", "GET", "/api/meters/1", body))).isEqualTo(DenyReason.BODY_NOT_ALLOWED);
		assertThat(reasonOf(decide("read", "HEAD", "/api/meters/1", body))).isEqualTo(DenyReason.BODY_NOT_ALLOWED);
		assertThat(decide("operate", "POST", "/api/commands/x", body)).isInstanceOf(Allow.class);
		AccessRule delete = new AccessRule(Set.of("DELETE"), PathPattern.parse("/a/**"));
		AccessRule deleteWithBody = new AccessRule(Set.of("DELETE"), PathPattern.parse("/b/**"), WebSocketMode.NONE, true);
		AccessLevel level = AccessLevel.of("x", delete, deleteWithBody);
		assertThat(level.admitsBody("DELETE", "/a/1")).isFalse();
		assertThat(level.admitsBody("DELETE", "/b/1")).isTrue();
		assertThat(level.admitsBody("GET", "/b/1")).isFalse();
	}

	@Test
	void decideWhenWebSocketThenAllowCarriesTheRuleModeReceiveOnlyByDefault() {
		RequestShape ws = shape(List.of(), List.of(), List.of(), true, false, true, GATEWAY, null);
		Decision decision = decide("read", "GET", "/ws", ws);
		assertThat(decision).isInstanceOf(Allow.class);
		assertThat(((Allow) decision).webSocket()).isEqualTo(WebSocketMode.RECEIVE);
	}

	@Test
	void decideWhenWebSocketOnPathWhoseRuleAdmitsNoneThenDenyWebSocketNotAllowed() {
		AccessRule none = new AccessRule(Set.of("GET"), PathPattern.parse("/**"), WebSocketMode.NONE, false);
		var target = io.keygate.policy.catalog.Target.of("head-end", "x", "HEAD_END", java.net.URI.create("http://127.0.0.1:1"),
				io.keygate.policy.catalog.Tier.STANDARD, java.time.Duration.ofHours(1), false, List.of(AccessLevel.of("read", none)));
		AccessPolicy strict = new AccessPolicy(io.keygate.policy.catalog.TargetCatalog.of(target), this.clock);
		this.store.put(TestGrants.grant().level("read").build());
		RequestShape ws = shape(List.of(), List.of(), List.of(), true, false, true, GATEWAY, null);
		assertThat(reasonOf(strict.decide(new AccessQuery("alice", "itron", "head-end", "GET", "/ws", ws), this.store)))
			.isEqualTo(DenyReason.WEBSOCKET_NOT_ALLOWED);
	}

	@Test
	void decideWhenUnsafeOrWebSocketNotSameOriginThenDenyCrossOrigin() {
		List<RequestShape> refused = List.of(
				shape(List.of(), List.of(), List.of(), true, false, false, "https://evil.example", "cross-site"),
				shape(List.of(), List.of(), List.of(), true, false, false, "null", null),
				shape(List.of(), List.of(), List.of(), true, false, false, "null", "cross-site"),
				shape(List.of(), List.of(), List.of(), true, false, false, "https://head-end.gw.example", "same-site"),
				shape(List.of(), List.of(), List.of(), true, false, false, null, "same-site"),
				shape(List.of(), List.of(), List.of(), true, false, false, null, "none"),
				shape(List.of(), List.of(), List.of(), true, false, false, null, null),
				shape(List.of(), List.of(), List.of(), true, false, false, GATEWAY + "," + GATEWAY, null));
		for (RequestShape shape : refused) {
			assertThat(reasonOf(decide("operate", "POST", "/api/commands/x", shape))).as(shape.toString())
				.isEqualTo(DenyReason.CROSS_ORIGIN);
		}
		// A form POST from the target's own page under a no-referrer policy: the browser says Origin null,
		// and Sec-Fetch-Site (which no page can set) says same-origin.
		RequestShape opaqueOwnPage = shape(List.of(), List.of(), List.of(), true, false, false, "null", "same-origin");
		assertThat(decide("operate", "POST", "/api/commands/x", opaqueOwnPage)).isInstanceOf(Allow.class);
		RequestShape headerlessSocket = shape(List.of(), List.of(), List.of(), true, false, true, null, null);
		AccessPolicy relaxed = new AccessPolicy(TestTargets.catalog(), this.clock, new ShapeSettings(Set.of(), Set.of(), true));
		assertThat(reasonOf(relaxed.decide(new AccessQuery("alice", "itron", "head-end", "GET", "/ws", headerlessSocket),
				this.store))).isEqualTo(DenyReason.CROSS_ORIGIN);
		RequestShape headerlessPost = shape(List.of(), List.of(), List.of(), true, false, false, null, null);
		assertThat(relaxed.decide(new AccessQuery("alice", "itron", "head-end", "POST", "/api/commands/x", headerlessPost),
				this.store)).isInstanceOf(Allow.class);
	}

	@Test
	void decideWhenSameOriginByOriginWithDefaultPortOrByFetchMetadataThenAllowed() {
		assertThat(decide("operate", "POST", "/api/commands/x",
				shape(List.of(), List.of(), List.of(), true, false, false, "HTTPS://gw.example:443", null))).isInstanceOf(Allow.class);
		assertThat(decide("operate", "POST", "/api/commands/x",
				shape(List.of(), List.of(), List.of(), true, false, false, null, "same-origin"))).isInstanceOf(Allow.class);
		assertThat(decide("read", "GET", "/x", shape(List.of(), List.of(), List.of(), true, false, false, "https://evil.example",
				"cross-site"))).isInstanceOf(Allow.class);
	}

	@Test
	void decideWhenTargetHasItsOwnOriginAndRequestCameElsewhereThenDenyCrossOriginForAnyMethod() {
		RequestShape off = new RequestShape(List.of(), List.of(), List.of(), true, false, false, null, null,
				"https://head-end.gw.example", true);
		assertThat(reasonOf(decide("read", "GET", "/x", off))).isEqualTo(DenyReason.CROSS_ORIGIN);
	}

	@Test
	void formFieldNamesWhenUrlencodedOrMultipartThenEveryNameFound() {
		assertThat(FormFieldNames.of("application/x-www-form-urlencoded; charset=UTF-8", "a=1&b&_method=PUT;c=2".getBytes()))
			.hasValue(List.of("a", "b", "_method", "c"));
		String multipart = "--b1\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.bin\"\r\n\r\nabc\r\n"
				+ "--b1\nContent-Disposition: form-data; name*=utf-8''_method\n\nPUT\n--b1--";
		assertThat(FormFieldNames.of("multipart/form-data; boundary=\"b1\"", multipart.getBytes())).hasValue(List.of("file", "_method"));
		assertThat(FormFieldNames.of("multipart/form-data", multipart.getBytes())).isEmpty();
	}

	@Test
	void catalogueWhenRuleSaysWebSocketAndDeleteBodyThenParsedAndBadValuesRefused() {
		String yaml = """
				targets:
				  - id: t
				    name: T
				    zone: Z
				    upstream: http://127.0.0.1:1
				    tier: STANDARD
				    max-grant: PT1H
				    levels:
				      operate:
				        - methods: [GET]
				          paths: ["/ws"]
				          websocket: two-way
				        - methods: [GET, HEAD]
				          paths: ["/**"]
				        - methods: [DELETE]
				          paths: ["/bulk/**"]
				          delete-body: true
				""";
		AccessLevel level = TargetCatalogFile.parse(yaml, "test").find("t").orElseThrow().level("operate").orElseThrow();
		assertThat(level.webSocket("/ws")).isEqualTo(WebSocketMode.TWO_WAY);
		assertThat(level.webSocket("/other")).isEqualTo(WebSocketMode.RECEIVE);
		assertThat(level.admitsBody("DELETE", "/bulk/1")).isTrue();
		assertThatThrownBy(() -> TargetCatalogFile.parse(yaml.replace("two-way", "both"), "test"))
			.isInstanceOf(TargetCatalogFile.InvalidCatalogException.class)
			.hasMessageContaining("'websocket' must be one of");
		assertThatThrownBy(() -> TargetCatalogFile.parse(yaml.replace("[DELETE]", "[POST]"), "test"))
			.isInstanceOf(TargetCatalogFile.InvalidCatalogException.class)
			.hasMessageContaining("delete-body");
	}

}
