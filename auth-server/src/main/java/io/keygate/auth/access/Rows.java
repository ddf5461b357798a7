package io.keygate.auth.access;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Time columns are {@code timestamp with time zone} and cross JDBC as {@link OffsetDateTime} in
 * UTC: the one spelling that H2 and PostgreSQL both read back to the same instant.
 */
public final class Rows {

	private Rows() {
	}

	public static OffsetDateTime at(Instant instant) {
		return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	public static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return value == null ? null : value.toInstant();
	}

}
