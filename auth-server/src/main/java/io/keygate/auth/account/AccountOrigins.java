package io.keygate.auth.account;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.keygate.policy.request.EnrolledBy;

/**
 * Who created or re-enrolled each account, one row per enrollment. Policy's separation-of-duties
 * rule reads it ({@link #enrolledBy}); the admin pages show it. Only the admin who asked for the
 * invitation counts as having enrolled the account: the confirming admin checked, but never held
 * the link alone.
 */
@Repository
public class AccountOrigins {

	/** How an account got its keys. */
	public enum Kind {
		CREATED, REENROLLED
	}

	/** One enrollment of an account. */
	public record Origin(String subject, Kind kind, String enrolledBy, String confirmedBy, String invitationId, Instant at) {
	}

	private final JdbcClient jdbc;

	public AccountOrigins(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public void record(Origin origin) {
		this.jdbc.sql("""
				insert into account_enrollments (id, subject, kind, enrolled_by, confirmed_by, invitation_id, enrolled_at)
				values (?, ?, ?, ?, ?, ?, ?)""")
			.params(UUID.randomUUID().toString(), origin.subject(), origin.kind().name(), origin.enrolledBy(),
					origin.confirmedBy(), origin.invitationId(), origin.at().atOffset(ZoneOffset.UTC))
			.update();
	}

	/** Who enrolled each of {@code subjects}, for policy's independence rule. */
	public EnrolledBy enrolledBy(Collection<String> subjects) {
		Map<String, Set<String>> by = new HashMap<>();
		for (String subject : new HashSet<>(subjects)) {
			List<String> admins = this.jdbc.sql("select distinct enrolled_by from account_enrollments where subject = ?")
				.param(subject)
				.query(String.class)
				.list();
			if (!admins.isEmpty()) {
				by.put(subject, Set.copyOf(admins));
			}
		}
		return new EnrolledBy(by);
	}

	/** Every enrollment of {@code subject}, oldest first. */
	public List<Origin> of(String subject) {
		return this.jdbc.sql("select * from account_enrollments where subject = ? order by enrolled_at, id")
			.param(subject)
			.query((rs, row) -> new Origin(rs.getString("subject"), Kind.valueOf(rs.getString("kind")), rs.getString("enrolled_by"),
					rs.getString("confirmed_by"), rs.getString("invitation_id"),
					rs.getObject("enrolled_at", java.time.OffsetDateTime.class).toInstant()))
			.list();
	}

	/** How many active accounts hold {@code role}. */
	public long activeWithRole(io.keygate.policy.identity.Role role) {
		return this.jdbc.sql("select count(*) from users u join user_roles r on r.subject = u.subject "
				+ "where r.role = ? and u.status = 'ACTIVE'")
			.param(role.name())
			.query(Long.class)
			.single();
	}

	/** How many accounts, whatever their status, hold {@code role}. */
	public long withRole(io.keygate.policy.identity.Role role) {
		return this.jdbc.sql("select count(*) from user_roles where role = ?").param(role.name()).query(Long.class).single();
	}

	/** The accounts that are disabled (the portal marks them wherever a person is listed). */
	public Set<String> disabledSubjects() {
		return Set.copyOf(this.jdbc.sql("select subject from users where status = 'DISABLED'").query(String.class).list());
	}

}
