package io.keygate.auth.evidence;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.keygate.auth.access.portal.PortalViews;
import io.keygate.auth.account.CurrentActor;
import io.keygate.auth.web.RefusedException;
import io.keygate.policy.identity.Actor;

/**
 * The evidence page for security admins (choose a period, view the report, download CSV tables
 * or the signed bundle) and the downloads themselves. Every generation is audited by
 * {@link EvidencePacks}.
 */
@Controller
public final class EvidenceController {

	private static final Pattern TABLE = Pattern.compile("[a-z-]{1,32}");

	private final EvidencePacks packs;

	private final CurrentActor current;

	private final PortalViews views;

	public EvidenceController(EvidencePacks packs, CurrentActor current, PortalViews views) {
		this.packs = packs;
		this.current = current;
		this.views = views;
	}

	@GetMapping("/access/evidence")
	public String page(@RequestParam(defaultValue = "") String from, @RequestParam(defaultValue = "") String to,
			Model model) {
		Actor me = this.packs.requireAdmin(this.current.require());
		EvidencePeriod period = this.packs.period(from, to);
		this.views.common(model, me, "evidence");
		model.addAttribute("from", period.from().toString().substring(0, 10));
		model.addAttribute("to", period.to().toString().substring(0, 10));
		model.addAttribute("fingerprint", this.packs.key().map(EvidenceSigningKey::fingerprint).orElse(""));
		model.addAttribute("verifyCommand", EvidenceBundle.VERIFY_COMMAND);
		model.addAttribute("outputDir",
				this.packs.properties().outputDir() == null ? "" : this.packs.properties().outputDir().toAbsolutePath().toString());
		return "access/evidence";
	}

	@GetMapping("/access/evidence/report")
	public ResponseEntity<byte[]> report(@RequestParam(defaultValue = "") String from, @RequestParam(defaultValue = "") String to,
			HttpServletRequest request) {
		Actor me = this.packs.requireAdmin(this.current.require());
		EvidencePacks.Output output = this.packs.html(me, this.packs.period(from, to), request.getRemoteAddr());
		return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8)).body(output.bytes());
	}

	@GetMapping("/access/evidence/csv")
	public ResponseEntity<byte[]> csv(@RequestParam(defaultValue = "summary") String table,
			@RequestParam(defaultValue = "") String from, @RequestParam(defaultValue = "") String to,
			HttpServletRequest request) {
		Actor me = this.packs.requireAdmin(this.current.require());
		if (!TABLE.matcher(table).matches()) {
			throw new RefusedException(EvidenceRefusal.UNKNOWN_TABLE, "evidence table name refused");
		}
		EvidencePacks.Output output = this.packs.csv(me, this.packs.period(from, to), table, request.getRemoteAddr());
		return download(output, new MediaType("text", "csv", StandardCharsets.UTF_8));
	}

	@GetMapping("/access/evidence/bundle")
	public ResponseEntity<byte[]> bundle(@RequestParam(defaultValue = "") String from, @RequestParam(defaultValue = "") String to,
			HttpServletRequest request) {
		Actor me = this.packs.requireAdmin(this.current.require());
		EvidencePacks.Output output = this.packs.bundle(me, this.packs.period(from, to), request.getRemoteAddr());
		return download(output, MediaType.parseMediaType("application/zip"));
	}

	private static ResponseEntity<byte[]> download(EvidencePacks.Output output, MediaType type) {
		return ResponseEntity.ok()
			.contentType(type)
			.header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(output.fileName()).build().toString())
			.body(output.bytes());
	}

}
