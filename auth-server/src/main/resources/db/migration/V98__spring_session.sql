-- Issue 18: the auth server's browser sessions (the signed-in person, the pending WebAuthn
-- challenges, the saved request of /oauth2/authorize) are kept here by Spring Session JDBC, so a
-- ceremony begun on one replica is finished on any other and no replica's memory holds a session
-- (no sticky sessions). Tables and columns are Spring Session 4.0's (schema-h2.sql and
-- schema-postgresql.sql in spring-session-jdbc); one type differs so that one file serves both:
--   ATTRIBUTE_BYTES LONGVARBINARY (H2) / BYTEA (PostgreSQL) -> bytea, which H2 accepts as
--   BINARY VARYING. Values are Java-serialised attributes (a few kilobytes); H2's default limit is
--   1,000,000 bytes.
-- Expired rows are deleted by Spring Session's own cleanup job (spring.session.jdbc.cleanup-cron).
create table spring_session (
    primary_id            char(36)     not null,
    session_id            char(36)     not null,
    creation_time         bigint       not null,
    last_access_time      bigint       not null,
    max_inactive_interval int          not null,
    expiry_time           bigint       not null,
    principal_name        varchar(100),
    constraint spring_session_pk primary key (primary_id)
);

create unique index spring_session_ix1 on spring_session (session_id);
create index spring_session_ix2 on spring_session (expiry_time);
create index spring_session_ix3 on spring_session (principal_name);

create table spring_session_attributes (
    session_primary_id char(36)     not null,
    attribute_name     varchar(200) not null,
    attribute_bytes    bytea        not null,
    constraint spring_session_attributes_pk primary key (session_primary_id, attribute_name),
    constraint spring_session_attributes_fk foreign key (session_primary_id) references spring_session (primary_id) on delete cascade
);
