package io.keygate.gateway.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

import io.keygate.gateway.testsupport.RecordingUpstream;
import io.keygate.gateway.testsupport.TestGateway;
import io.keygate.gateway.testsupport.TestSignin;
import io.keygate.policy.catalog.Target;
import io.keygate.policy.catalog.TargetCatalogFile;
import io.keygate.policy.grant.Grant;
import io.keygate.policy.grant.GrantStore;
import io.keygate.testsupport.TestCatalog;

/**
 * The end-of-grant notice on a target's HTML pages: only where the catalogue enables it (here
 * {@code head-end}, not {@code mdm}), only near the end, only on an uncompressed 200 HTML answer,
 * and with a {@code Content-Length} that still matches the body.
 */
class EndWarningNoticeTest {

	private static final String PAGE = "<!DOCTYPE html><html><head><title>Head-end</title></head><body><h1>Meters</h1></body></html>";

	private static final AtomicInteger people = new AtomicInteger();

	private static final HttpClient http = HttpClient.newHttpClient();

	private static RecordingUpstream upstream;

	private static TestGateway gateway;

	private String subject;

	@BeforeAll
	static void start() throws Exception {
		upstream = new RecordingUpstream();
		upstream.page(PAGE);
		String catalogue = TestCatalog.yaml(upstream.url()).replaceFirst("(?m)^(    max-grant: PT8H)$", "$1\n    end-warning: true");
		assertThat(TargetCatalogFile.parse(catalogue, "test").find("head-end").map(Target::endWarning)).contains(true);
		Path file = Files.createTempFile("keygate-targets-warning", ".yml");
		file.toFile().deleteOnExit();
		Files.writeString(file, catalogue);
		gateway = TestGateway.start(null, TestGateway.properties(upstream, Map.of("keygate.catalog", "file:" + file)));
	}

	@AfterAll
	static void stop() {
		if (gateway != null) {
			gateway.close();
		}
		if (upstream != null) {
			upstream.close();
		}
	}

	@BeforeEach
	void freshPerson() {
		this.subject = "engineer" + people.incrementAndGet() + "@itron";
		upstream.clear();
	}

	private void grant(String target, Duration left) {
		Grant grant = new Grant("g-" + UUID.randomUUID(), this.subject, "itron", target, "read", Instant.now().minusSeconds(60),
				Instant.now().plus(left), "r-1", List.of("approver"));
		assertThat(gateway.context().getBean(GrantStore.class).put(grant)).isEqualTo(GrantStore.PutResult.STORED);
	}

	private HttpResponse<byte[]> get(String path) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create(gateway.url() + path))
			.header(TestSignin.SUBJECT, this.subject)
			.header(TestSignin.ORGANISATION, "itron")
			.header("Accept", "text/html")
			.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	private static String text(HttpResponse<byte[]> response) {
		return new String(response.body(), StandardCharsets.UTF_8);
	}

	@Test
	void pageWhenTargetEnablesItAndGrantEndsWithinTenMinutesThenNoticeAppendedAndLengthMatches() throws Exception {
		grant("head-end", Duration.ofMinutes(5));
		HttpResponse<byte[]> page = get("/t/head-end/page");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(text(page)).startsWith(PAGE)
			.contains("id=\"" + EndWarningNoticeFilter.ELEMENT_ID + "\"")
			.contains("your access to AMI head-end ends in 5 minutes");
		// The upstream sent a Content-Length: raised by exactly the notice, so the framing still holds.
		assertThat(page.headers().firstValueAsLong(HttpHeaders.CONTENT_LENGTH)).hasValue(page.body().length);
		// Asked uncompressed, so the notice can be appended to what the upstream sends.
		assertThat(upstream.last().header(HttpHeaders.ACCEPT_ENCODING)).isNull();
	}

	@Test
	void pageWhenGrantEndsLaterThanTheLargestWarningThenUntouched() throws Exception {
		grant("head-end", Duration.ofMinutes(30));
		HttpResponse<byte[]> page = get("/t/head-end/page");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(text(page)).isEqualTo(PAGE);
	}

	@Test
	void pageWhenTargetDoesNotEnableItThenUntouchedEvenNearTheEnd() throws Exception {
		grant("mdm", Duration.ofMinutes(1));
		HttpResponse<byte[]> page = get("/t/mdm/page");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(text(page)).isEqualTo(PAGE);
	}

	@Test
	void nonHtmlAnswerWhenNoticeDueThenUntouched() throws Exception {
		grant("head-end", Duration.ofMinutes(1));
		HttpResponse<byte[]> answer = get("/t/head-end/api/meters");
		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(text(answer)).isEqualTo("ok:/api/meters");
	}

	@Test
	void injectableWhenCompressedOrUtf16OrNotOkThenNot() {
		HttpHeaders html = new HttpHeaders();
		html.set(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8");
		assertThat(EndWarningNoticeFilter.injectable(html, 200)).isTrue();
		assertThat(EndWarningNoticeFilter.injectable(html, 206)).isFalse();
		HttpHeaders gzip = new HttpHeaders();
		gzip.addAll(html);
		gzip.set(HttpHeaders.CONTENT_ENCODING, "gzip");
		assertThat(EndWarningNoticeFilter.injectable(gzip, 200)).isFalse();
		HttpHeaders utf16 = new HttpHeaders();
		utf16.set(HttpHeaders.CONTENT_TYPE, "text/html; charset=UTF-16LE");
		assertThat(EndWarningNoticeFilter.injectable(utf16, 200)).isFalse();
		HttpHeaders garbage = new HttpHeaders();
		garbage.set(HttpHeaders.CONTENT_TYPE, "not a type");
		assertThat(EndWarningNoticeFilter.injectable(garbage, 200)).isFalse();
	}

	@Test
	void noticeWhenTargetNameHasMarkupThenEscapedToAscii() {
		Target headEnd = TargetCatalogFile.parse(TestCatalog.yaml("http://127.0.0.1:1"), "test").find("head-end").orElseThrow();
		Target marked = new Target(headEnd.id(), "<b>Zähler</b>", headEnd.zone(), headEnd.upstream(), headEnd.tier(),
				headEnd.maxGrant(), headEnd.levels(), false).withEndWarning(true);
		String notice = new String(EndWarningNoticeFilter.notice(marked, Duration.ofSeconds(90),
				Instant.parse("2026-11-28T03:00:00Z")), StandardCharsets.US_ASCII);
		assertThat(notice).contains("&#60;b&#62;Z&#228;hler&#60;/b&#62;").contains("ends in 2 minutes (at 03:00 UTC)")
			.doesNotContain("<b>");
	}

}
