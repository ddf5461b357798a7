package io.keygate.auth.web;

import org.springframework.http.HttpStatus;

/**
 * Why the auth server refused a call, as a closed list per feature (enums implement this): a
 * machine-readable code (the constant's name, also what the audit chain records), the HTTP status,
 * and one sentence safe to show to whoever asked. Never internals: those go in
 * {@link RefusedException#detail()}.
 */
public interface Refusal {

	/** The constant's name; enums supply it. */
	String name();

	/** The machine-readable code: what the API's problem document and the audit chain carry. */
	default String code() {
		return name();
	}

	HttpStatus status();

	/** The sentence for the person. */
	String message();

}
