package io.keygate.auth.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import io.keygate.policy.identity.Role;

/** Organisations, users and their roles. Rows are mapped to {@link UserAccount} here and nowhere else. */
@Repository
public class AccountRepository {

	private final JdbcClient jdbc;

	private final Clock clock;

	public AccountRepository(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** Creates the organisation if it does not exist yet; the first display name wins. */
	@Transactional
	public void ensureOrganisation(String id, String displayName) {
		boolean exists = this.jdbc.sql("select count(*) from organisations where id = ?").param(id).query(Long.class).single() > 0;
		if (!exists) {
			this.jdbc.sql("insert into organisations (id, display_name, suspended, created_at) values (?, ?, false, ?)")
				.params(id, displayName, now())
				.update();
		}
	}

	public List<String> organisations() {
		return this.jdbc.sql("select id from organisations order by id").query(String.class).list();
	}

	@Transactional
	public void insert(UserAccount user) {
		this.jdbc.sql("""
				insert into users (subject, display_name, email, organisation_id, user_handle, status, created_at, updated_at)
				values (?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(user.subject(), user.displayName(), user.email(), user.organisation(), user.userHandle(),
					user.status().name(), at(user.createdAt()), at(user.createdAt()))
			.update();
		for (Role role : user.roles()) {
			this.jdbc.sql("insert into user_roles (subject, role) values (?, ?)").params(user.subject(), role.name()).update();
		}
	}

	public Optional<UserAccount> findBySubject(String subject) {
		return this.jdbc.sql("select * from users where subject = ?").param(subject).query(this::map).optional();
	}

	public Optional<UserAccount> findByEmail(String email) {
		return this.jdbc.sql("select * from users where email = ?").param(email).query(this::map).optional();
	}

	public Optional<UserAccount> findByUserHandle(String userHandle) {
		return this.jdbc.sql("select * from users where user_handle = ?").param(userHandle).query(this::map).optional();
	}

	public List<UserAccount> findAll() {
		return this.jdbc.sql("select * from users order by organisation_id, subject").query(this::map).list();
	}

	public long count() {
		return this.jdbc.sql("select count(*) from users").query(Long.class).single();
	}

	public void updateStatus(String subject, UserStatus status) {
		this.jdbc.sql("update users set status = ?, updated_at = ? where subject = ?")
			.params(status.name(), now(), subject)
			.update();
	}

	/**
	 * The account's status, read with its row locked until the transaction ends. A cut-off
	 * (disable, revoke keys, delete) updates this row first, so an approval or a grant activation
	 * that reads the status this way either finishes before the cut-off starts (which then finds
	 * and ends what it produced) or waits for it and sees the new status: no interleaving lets a
	 * grant slip past a cut-off. Empty when there is no such account.
	 */
	public Optional<UserStatus> lockStatus(String subject) {
		return this.jdbc.sql("select status from users where subject = ? for update")
			.param(subject)
			.query((rs, n) -> UserStatus.valueOf(rs.getString("status")))
			.optional();
	}

	/** Ends every session signed in at or before {@code at}, on every replica (see {@link #sessionStanding}). */
	public void endSessions(String subject, Instant at) {
		this.jdbc.sql("update users set sessions_ended_at = ? where subject = ?").params(at(at), subject).update();
	}

	/**
	 * Whether a session of {@code subject} signed in at {@code authTime} may still be used: the
	 * account is {@link UserStatus#ACTIVE} and its sessions were not ended at or after that sign-in.
	 * One query, asked on every authenticated request of every replica, so a cut-off takes effect on
	 * the next request wherever the session lives.
	 */
	public SessionStanding sessionStanding(String subject, Instant authTime) {
		return this.jdbc.sql("select status, sessions_ended_at from users where subject = ?")
			.param(subject)
			.query((rs, n) -> {
				UserStatus status = UserStatus.valueOf(rs.getString("status"));
				if (status != UserStatus.ACTIVE) {
					return SessionStanding.ACCOUNT_NOT_ACTIVE;
				}
				OffsetDateTime ended = rs.getObject("sessions_ended_at", OffsetDateTime.class);
				return ended != null && !authTime.isAfter(ended.toInstant()) ? SessionStanding.SESSION_ENDED
						: SessionStanding.VALID;
			})
			.optional()
			.orElse(SessionStanding.ACCOUNT_NOT_ACTIVE);
	}

	/** What {@link #sessionStanding} found. */
	public enum SessionStanding {
		VALID, ACCOUNT_NOT_ACTIVE, SESSION_ENDED;

		public boolean isValid() {
			return this == VALID;
		}
	}

	@Transactional
	public void replaceRoles(String subject, Set<Role> roles) {
		this.jdbc.sql("delete from user_roles where subject = ?").param(subject).update();
		for (Role role : roles) {
			this.jdbc.sql("insert into user_roles (subject, role) values (?, ?)").params(subject, role.name()).update();
		}
	}

	private UserAccount map(ResultSet rs, int row) throws SQLException {
		String subject = rs.getString("subject");
		return new UserAccount(subject, rs.getString("display_name"), rs.getString("email"), rs.getString("organisation_id"),
				rs.getString("user_handle"), UserStatus.valueOf(rs.getString("status")), roles(subject),
				rs.getObject("created_at", OffsetDateTime.class).toInstant());
	}

	private Set<Role> roles(String subject) {
		List<String> names = this.jdbc.sql("select role from user_roles where subject = ?").param(subject).query(String.class).list();
		List<Role> roles = new ArrayList<>();
		for (String name : names) {
			roles.add(Role.valueOf(name));
		}
		return roles.isEmpty() ? Set.of() : EnumSet.copyOf(roles);
	}

	private OffsetDateTime now() {
		return at(this.clock.instant());
	}

	static OffsetDateTime at(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
