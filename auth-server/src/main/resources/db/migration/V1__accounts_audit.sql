-- Accounts, keys, invitations and the audit chain. Portable SQL: runs on H2 (embedded mode)
-- and PostgreSQL (distributed mode). Binary WebAuthn values are stored base64url-encoded so that
-- one column type works on both.

create table organisations (
    id            varchar(128) primary key,
    display_name  varchar(200) not null,
    suspended     boolean      not null default false,
    created_at    timestamp with time zone not null
);

create table users (
    subject          varchar(128) primary key,
    display_name     varchar(200) not null,
    email            varchar(254) not null unique,
    organisation_id  varchar(128) not null references organisations (id),
    -- WebAuthn user.id: random, never the e-mail, so the key stores no personal data.
    user_handle      varchar(128) not null unique,
    status           varchar(16)  not null,
    created_at       timestamp with time zone not null,
    updated_at       timestamp with time zone not null
);

create table user_roles (
    subject  varchar(128) not null references users (subject),
    role     varchar(32)  not null,
    primary key (subject, role)
);

create table webauthn_credentials (
    credential_id            varchar(1400) primary key,
    subject                  varchar(128)  not null references users (subject),
    label                    varchar(100)  not null,
    attested_credential_data varchar(8000) not null,
    attestation_object       varchar(65536) not null,
    attestation_format       varchar(32)   not null,
    aaguid                   varchar(36)   not null,
    signature_count          bigint        not null,
    uv_initialized           boolean       not null,
    backup_eligible          boolean       not null,
    backup_state             boolean       not null,
    transports               varchar(200)  not null,
    created_at               timestamp with time zone not null,
    last_used_at             timestamp with time zone
);

create index webauthn_credentials_subject on webauthn_credentials (subject);

create table invitations (
    id               varchar(64)  primary key,
    -- SHA-256 of the one-time token; the token itself exists only in the link.
    token_hash       varchar(64)  not null unique,
    email            varchar(254) not null,
    display_name     varchar(200) not null,
    organisation_id  varchar(128) not null,
    roles            varchar(200) not null,
    invited_by       varchar(128) not null,
    created_at       timestamp with time zone not null,
    expires_at       timestamp with time zone not null,
    used_at          timestamp with time zone,
    revoked_at       timestamp with time zone
);

-- One row that every append locks (SELECT ... FOR UPDATE) so that two nodes never take the
-- same sequence number or chain onto the same predecessor.
create table audit_chain_head (
    id             int         primary key,
    last_sequence  bigint      not null,
    last_hash      varchar(64) not null
);

insert into audit_chain_head (id, last_sequence, last_hash)
values (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

create table audit_events (
    sequence        bigint       primary key,
    -- Seconds and nanos rather than a timestamp column: the hash covers nanoseconds and
    -- PostgreSQL keeps only microseconds.
    at_epoch_second bigint       not null,
    at_nano         int          not null,
    actor           varchar(4000) not null,
    organisation    varchar(4000) not null,
    action          varchar(4000) not null,
    target_id       varchar(4000) not null,
    grant_id        varchar(4000) not null,
    request_id      varchar(4000) not null,
    outcome         varchar(4000) not null,
    reason          varchar(4000) not null,
    client_address  varchar(4000) not null,
    severity        varchar(16)  not null,
    details         varchar(65536) not null,
    previous_hash   varchar(64)  not null,
    hash            varchar(64)  not null
);

create index audit_events_action on audit_events (action);
create index audit_events_actor on audit_events (actor);
