-- Vendor breach declarations (issue 15): one key-confirmed action that suspends an organisation,
-- quarantines suspect keys, opens a firmware distrust window, watches the organisation strictly and
-- expects a receipt from every gateway; and its resumption under stricter approval terms.
create table breach_declarations (
    id                   varchar(64)  primary key,
    organisation         varchar(128) not null,
    window_from          timestamp with time zone not null,
    window_to            timestamp with time zone not null,
    reference            varchar(200) not null,
    state                varchar(32)  not null,
    drafted_by           varchar(128) not null,
    drafted_at           timestamp with time zone not null,
    declarer_credential  varchar(1400),
    second_admin         varchar(128),
    second_credential    varchar(1400),
    declared_at          timestamp with time zone,
    suspension_reason    varchar(512) default '' not null,
    grants_ended         int default 0 not null,
    scheduled_cancelled  int default 0 not null,
    keys_quarantined     int default 0 not null,
    people_quarantined   int default 0 not null,
    strict_until         timestamp with time zone,
    firmware_distrust    varchar(200) default '' not null,
    hunt_events          int default 0 not null,
    receipts_checked     boolean default false not null,
    resumed_by           varchar(128),
    resumed_at           timestamp with time zone,
    resume_terms         varchar(512) default '' not null
);
create index breach_declarations_by_organisation on breach_declarations (organisation);

-- The gateway instances known when a declaration took effect: each owes a receipt.
create table breach_expected_receipts (
    declaration_id    varchar(64)  not null,
    gateway_instance  varchar(200) not null,
    primary key (declaration_id, gateway_instance)
);

-- Keys refused at sign-in and step-up until their person re-enrolls with a new key (re-enrollment
-- deletes the old keys; the row stays as history).
create table key_quarantine (
    credential_id    varchar(1400) primary key,
    subject          varchar(128) not null,
    organisation     varchar(128) not null,
    declaration_id   varchar(64)  not null,
    quarantined_at   timestamp with time zone not null
);

-- Stricter approval terms an organisation resumed under: every request needs at least this many
-- approvals until the end. One row per organisation; a later resumption replaces it.
create table organisation_approval_terms (
    organisation       varchar(128) primary key,
    minimum_approvals  int not null,
    until_at           timestamp with time zone not null,
    declaration_id     varchar(64)  not null,
    set_by             varchar(128) not null,
    set_at             timestamp with time zone not null
);
