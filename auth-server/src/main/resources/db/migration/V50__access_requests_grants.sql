-- Access requests, their key-signed approvals, grant history, revocations, organisation
-- suspensions, step-up challenges and the webhook outbox (issue 4). Portable SQL: runs on H2
-- (embedded mode) and PostgreSQL (distributed mode).

create table access_request (
    id              varchar(64)   not null primary key,
    requester       varchar(128)  not null,
    organisation    varchar(128)  not null,
    target_id       varchar(128)  not null,
    level_name      varchar(128)  not null,
    start_at        timestamp with time zone,
    duration_sec    bigint        not null,
    reason          varchar(1000) not null,
    ticket          varchar(1000) not null,
    created_at      timestamp with time zone not null,
    expires_at      timestamp with time zone not null,
    state           varchar(16)   not null,
    resolved_by     varchar(128),
    resolution      varchar(1000),
    resolved_at     timestamp with time zone,
    grant_id        varchar(64),
    client_address  varchar(64)   not null,
    -- Optimistic lock: two approvers deciding at once must never both win.
    row_version     bigint        not null
);
create index access_request_state on access_request (state, expires_at);
create index access_request_requester on access_request (requester);

-- One row per approver and request: the primary key itself refuses the same approver twice.
create table access_approval (
    request_id          varchar(64)   not null references access_request (id),
    approver            varchar(128)  not null,
    organisation        varchar(128)  not null,
    approved_at         timestamp with time zone not null,
    approval_comment    varchar(1000) not null,
    evidence_id         varchar(64)   not null,
    -- The WebAuthn assertion kept whole as evidence (the browser's PublicKeyCredential JSON),
    -- with the challenge it answered and the key's counter after it.
    credential_id       varchar(1024) not null,
    challenge           varchar(128)  not null,
    assertion_json      varchar(8000) not null,
    signature_count     bigint        not null,
    client_address      varchar(64)   not null,
    primary key (request_id, approver)
);

-- Kept for compliance after the grant has ended; its approvals are joined through request_id.
create table grant_history (
    id              varchar(64)   not null primary key,
    request_id      varchar(64)   not null references access_request (id),
    subject         varchar(128)  not null,
    organisation    varchar(128)  not null,
    target_id       varchar(128)  not null,
    level_name      varchar(128)  not null,
    not_before      timestamp with time zone not null,
    not_after       timestamp with time zone not null,
    approvers       varchar(1000) not null,
    issued_at       timestamp with time zone not null,
    ended_at        timestamp with time zone,
    ended_by        varchar(128),
    end_reason      varchar(1000)
);
create index grant_history_subject on grant_history (subject);
create index grant_history_organisation on grant_history (organisation);

create table grant_revocation (
    id              varchar(64)   not null primary key,
    scope           varchar(16)   not null,
    scope_key       varchar(128)  not null,
    reason          varchar(1000) not null,
    actor           varchar(128)  not null,
    revoked_at      timestamp with time zone not null,
    grants_ended    integer       not null,
    grant_ids       varchar(8000) not null,
    client_address  varchar(64)   not null
);

create table organisation_suspension (
    id              varchar(64)   not null primary key,
    organisation    varchar(128)  not null,
    suspension_action varchar(16)   not null,
    reason          varchar(1000) not null,
    actor           varchar(128)  not null,
    acted_at        timestamp with time zone not null,
    grants_ended    integer       not null,
    client_address  varchar(64)   not null
);
create index organisation_suspension_org on organisation_suspension (organisation, acted_at);

-- A step-up challenge is bound to one request and one approver, short-lived and single-use.
create table step_up_challenge (
    id              varchar(64)   not null primary key,
    request_id      varchar(64)   not null,
    approver        varchar(128)  not null,
    challenge       varchar(128)  not null,
    created_at      timestamp with time zone not null,
    expires_at      timestamp with time zone not null,
    used_at         timestamp with time zone
);

create table webhook_outbox (
    id              varchar(64)   not null primary key,
    event_type      varchar(64)   not null,
    payload         varchar(16000) not null,
    created_at      timestamp with time zone not null,
    attempts        integer       not null,
    next_attempt_at timestamp with time zone not null,
    delivered_at    timestamp with time zone,
    failed_at       timestamp with time zone,
    last_error      varchar(1000)
);
create index webhook_outbox_due on webhook_outbox (delivered_at, next_attempt_at);
