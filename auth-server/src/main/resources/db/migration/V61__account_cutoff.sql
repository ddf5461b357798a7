-- Cutting a person off (disable, revoke all keys, delete) ends their auth-server sessions on
-- every replica: browser sessions live in each replica's memory, so instead of finding them the
-- account records when they were ended and every request compares its sign-in time with it.
-- A session signed in before that instant never works again, also not after re-enabling.
alter table users add column sessions_ended_at timestamp with time zone;

-- Approvals of a pending request given by a person who was then cut off no longer count: they are
-- moved here (the evidence kept whole) and the request needs fresh approvals.
create table access_approval_withdrawn (
    request_id          varchar(64)   not null references access_request (id),
    approver            varchar(128)  not null,
    organisation        varchar(128)  not null,
    approved_at         timestamp with time zone not null,
    approval_comment    varchar(1000) not null,
    evidence_id         varchar(64)   not null,
    credential_id       varchar(1024) not null,
    challenge           varchar(128)  not null,
    assertion_json      varchar(8000) not null,
    signature_count     bigint        not null,
    client_address      varchar(64)   not null,
    withdrawn_at        timestamp with time zone not null,
    withdrawn_reason    varchar(1000) not null
);
create index access_approval_withdrawn_request on access_approval_withdrawn (request_id);
