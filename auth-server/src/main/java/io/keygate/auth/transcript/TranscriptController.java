package io.keygate.auth.transcript;

import java.util.regex.Pattern;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.keygate.auth.access.AccessRefusal;
import io.keygate.auth.access.portal.PortalViews;
import io.keygate.auth.account.CurrentActor;
import io.keygate.auth.web.RefusedException;
import io.keygate.policy.identity.Actor;
import io.keygate.policy.identity.Role;

/**
 * The transcript page of a grant (reached from the grant history and from the access request that
 * led to it) and the download of one kept body. Approvers and security admins only: a transcript
 * shows what a vendor did on an operational system.
 */
@Controller
public final class TranscriptController {

	private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

	private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

	private final TranscriptReader reader;

	private final CurrentActor current;

	private final PortalViews views;

	public TranscriptController(TranscriptReader reader, CurrentActor current, PortalViews views) {
		this.reader = reader;
		this.current = current;
		this.views = views;
	}

	@GetMapping("/access/transcripts")
	public String transcript(@RequestParam(defaultValue = "") String grant, @RequestParam(defaultValue = "") String request,
			Model model) {
		Actor me = staff("opening a transcript");
		String grantId = grant;
		if (grantId.isEmpty()) {
			if (!ID.matcher(request).matches()) {
				throw new RefusedException(AccessRefusal.INVALID_INPUT, "transcript without a valid grant or request id");
			}
			grantId = this.reader.grantOfRequest(request)
				.orElseThrow(() -> new RefusedException(AccessRefusal.NOT_FOUND, "no grant for request " + request));
		}
		if (!ID.matcher(grantId).matches()) {
			throw new RefusedException(AccessRefusal.INVALID_INPUT, "transcript of an invalid grant id");
		}
		String id = grantId;
		Transcript transcript = this.reader.ofGrant(id)
			.orElseThrow(() -> new RefusedException(AccessRefusal.NOT_FOUND, "no grant " + id));
		this.views.common(model, me, "admin");
		model.addAttribute("transcript", transcript);
		return "access/transcript";
	}

	@GetMapping("/access/transcripts/body")
	public ResponseEntity<byte[]> body(@RequestParam(defaultValue = "") String sha256) {
		staff("downloading a transcript body");
		if (!SHA256.matcher(sha256).matches()) {
			throw new RefusedException(AccessRefusal.INVALID_INPUT, "transcript body with an invalid hash");
		}
		byte[] body = this.reader.storedBody(sha256)
			.orElseThrow(() -> new RefusedException(AccessRefusal.NOT_FOUND, "no transcript body " + sha256));
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename("transcript-body-" + sha256 + ".txt").build().toString())
			.body(body);
	}

	private Actor staff(String what) {
		Actor me = this.current.require();
		if (!me.hasRole(Role.SECURITY_ADMIN) && !me.hasRole(Role.APPROVER)) {
			throw new RefusedException(AccessRefusal.NOT_ALLOWED, me.subject() + " " + what);
		}
		return me;
	}

}
