package io.keygate.auth.audit;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.keygate.auth.audit.checkpoint.AuditCheckpoints;
import io.keygate.policy.audit.AuditChainVerifier.Verification;

/**
 * {@code GET /admin/audit/verification} (security admins): verifies the database chain and, when
 * checkpoints are on, the chain against every exported signed checkpoint, which is what detects a
 * database rewritten and re-hashed as a whole.
 */
@RestController
class AuditVerificationController {

	private final JdbcAuditLog chain;

	private final ObjectProvider<AuditCheckpoints> checkpoints;

	AuditVerificationController(JdbcAuditLog chain, ObjectProvider<AuditCheckpoints> checkpoints) {
		this.chain = chain;
		this.checkpoints = checkpoints;
	}

	@GetMapping("/admin/audit/verification")
	Map<String, Object> verify() {
		AuditCheckpoints signed = this.checkpoints.getIfAvailable();
		Verification verification = signed == null ? this.chain.verify() : signed.verify();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("intact", verification.intact());
		body.put("eventsChecked", verification.eventsChecked());
		body.put("firstBrokenSequence", verification.firstBrokenSequence());
		body.put("problem", verification.problem());
		body.put("checkpoints", signed == null ? "off" : signed.key().keyId());
		return body;
	}

}
