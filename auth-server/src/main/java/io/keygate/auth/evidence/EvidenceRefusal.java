package io.keygate.auth.evidence;

import org.springframework.http.HttpStatus;

import io.keygate.auth.web.Refusal;

/** Why an evidence pack was not produced. */
public enum EvidenceRefusal implements Refusal {

	NOT_ALLOWED(HttpStatus.FORBIDDEN, "Only a security admin can generate compliance evidence."),
	INVALID_PERIOD(HttpStatus.BAD_REQUEST,
			"The period is not valid: give 'from' and 'to' as dates (YYYY-MM-DD), 'from' before 'to', not in the future, "
					+ "and not longer than the longest period allowed."),
	UNKNOWN_TABLE(HttpStatus.NOT_FOUND, "No such table in the evidence report."),
	/** Distributed mode never signs with a key nobody provisioned. */
	NO_SIGNING_KEY(HttpStatus.CONFLICT,
			"This installation has no evidence signing key (keygate.evidence.signing-key-file), so no signed bundle can be made. "
					+ "The HTML and CSV report are available.");

	private final HttpStatus status;

	private final String message;

	EvidenceRefusal(HttpStatus status, String message) {
		this.status = status;
		this.message = message;
	}

	@Override
	public HttpStatus status() {
		return this.status;
	}

	@Override
	public String message() {
		return this.message;
	}

}
