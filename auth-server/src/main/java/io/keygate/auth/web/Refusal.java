package io.keygate.auth.web;

import org.springframework.http.HttpStatus;

/**
 * Why the auth server refused a call, as a closed list per feature (enums implement this): a
 * machine-readable code for the client (see {@link #code()}; the audit chain records the name), the HTTP status,
 * and one sentence safe to show to whoever asked. Never internals: those go in
 * {@link RefusedException#detail()}.
 */
public interface Refusal {

	/** The constant's name; enums supply it. */
	String name();

	/**
	 * The machine-readable code the client gets (the problem document's {@code code}); the constant's
	 * name unless several constants must look alike to the client (e.g. sign-in failures, so that
	 * nobody learns whether a key or an account exists). The log and the audit chain record the
	 * precise {@link #name()}.
	 */
	default String code() {
		return name();
	}

	HttpStatus status();

	/** The sentence for the person. */
	String message();

}
