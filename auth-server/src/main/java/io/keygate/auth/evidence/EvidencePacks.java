package io.keygate.auth.evidence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.keygate.auth.web.RefusedException;
import io.keygate.policy.audit.AuditAction;
import io.keygate.policy.audit.AuditEntry;
import io.keygate.policy.audit.AuditLog;
import io.keygate.policy.audit.Severity;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.identity.Role;

/**
 * Generates evidence for a security admin: collects the report, renders it, signs the bundle, and
 * audits every generation ({@code evidence.pack.generated}: who, the period, the format and the
 * SHA-256 of what was handed out). A copy of each bundle goes to {@code keygate.evidence.output-dir}
 * when set.
 */
public final class EvidencePacks {

	private static final Logger log = LoggerFactory.getLogger(EvidencePacks.class);

	private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

	/** What was generated: its bytes and the file name to offer. */
	public record Output(byte[] bytes, String fileName) {
	}

	private final EvidenceCollector collector;

	private final Optional<EvidenceSigningKey> key;

	private final EvidenceProperties properties;

	private final AuditLog audit;

	private final Clock clock;

	public EvidencePacks(EvidenceCollector collector, Optional<EvidenceSigningKey> key, EvidenceProperties properties,
			AuditLog audit, Clock clock) {
		this.collector = collector;
		this.key = key;
		this.properties = properties;
		this.audit = audit;
		this.clock = clock;
	}

	public Optional<EvidenceSigningKey> key() {
		return this.key;
	}

	public EvidenceProperties properties() {
		return this.properties;
	}

	public Actor requireAdmin(Actor actor) {
		if (!actor.hasRole(Role.SECURITY_ADMIN)) {
			throw new RefusedException(EvidenceRefusal.NOT_ALLOWED, actor.subject() + " asked for compliance evidence");
		}
		return actor;
	}

	public EvidencePeriod period(String from, String to) {
		return EvidencePeriod.choose(from, to, this.clock.instant(), this.properties.defaultPeriod(),
				this.properties.maxPeriod());
	}

	public Output html(Actor actor, EvidencePeriod period, String client) {
		EvidenceReport report = this.collector.collect(period.from(), period.to(), requireAdmin(actor).subject());
		return audited(actor, period, client, "html", utf8(EvidenceHtml.render(report)), "report.html");
	}

	public Output csv(Actor actor, EvidencePeriod period, String table, String client) {
		requireAdmin(actor);
		String name = table + ".csv";
		EvidenceReport report = this.collector.collect(period.from(), period.to(), actor.subject());
		String content = EvidenceCsv.tables(report).get(name);
		if (content == null) {
			throw new RefusedException(EvidenceRefusal.UNKNOWN_TABLE, "evidence table " + table);
		}
		return audited(actor, period, client, "csv:" + table, utf8(content), name);
	}

	public Output bundle(Actor actor, EvidencePeriod period, String client) {
		requireAdmin(actor);
		EvidenceSigningKey signing = this.key.orElseThrow(() -> new RefusedException(EvidenceRefusal.NO_SIGNING_KEY,
				"evidence bundle asked for without keygate.evidence.signing-key-file"));
		EvidenceReport report = this.collector.collect(period.from(), period.to(), actor.subject());
		byte[] zip = EvidenceBundle.build(report, signing);
		String name = "keygate-evidence-" + STAMP.format(report.generatedAt()) + ".zip";
		Output output = audited(actor, period, client, "bundle", zip, name);
		Path dir = this.properties.outputDir();
		if (dir != null) {
			try {
				Files.createDirectories(dir);
				Path file = dir.resolve(name);
				Files.write(file, zip);
				log.info("Evidence bundle for {} to {} written to {}", period.from(), period.to(), file.toAbsolutePath());
			}
			catch (IOException ex) {
				// The bundle still reaches the admin; only the server-side copy is missing.
				log.error("Could not keep a copy of the evidence bundle in {}", dir, ex);
			}
		}
		return output;
	}

	private Output audited(Actor actor, EvidencePeriod period, String client, String format, byte[] bytes, String name) {
		this.audit.append(AuditEntry.builder(AuditAction.EVIDENCE_PACK_GENERATED, this.clock.instant())
			.actor(actor.subject())
			.organisation(actor.organisation())
			.clientAddress(client)
			.outcome("generated")
			.severity(Severity.INFO)
			.detail("format", format)
			.detail("from", period.from())
			.detail("to", period.to())
			.detail("sha256", EvidenceBundle.sha256(bytes))
			.detail("signingKey", this.key.map(EvidenceSigningKey::fingerprint).orElse(""))
			.build());
		return new Output(bytes, name);
	}

	private static byte[] utf8(String text) {
		return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
	}

}
