package io.keygate.auth.enrollment;

import java.time.Instant;
import java.util.Set;

import io.keygate.policy.identity.Role;

/**
 * Published (synchronously, after the enrollment committed) when a person finished enrolling a
 * key: a first enrollment ({@code reenrollment} false) or a re-enrollment. Nothing in the auth
 * server needs it; the quickstart's demo start listens to seed a demo request for the demo vendor.
 */
public record EnrollmentCompleted(String subject, String email, String organisation, Set<Role> roles, boolean reenrollment,
		Instant at) {

	public EnrollmentCompleted {
		roles = Set.copyOf(roles);
	}

}
