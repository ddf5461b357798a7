-- Issue 19: break-glass. A standing eligibility per person and target (set by a security admin
-- with a key confirmation), and each emergency opening with its review afterwards.
create table break_glass_eligibility (
    subject       varchar(128) not null,
    target_id     varchar(128) not null,
    granted_by    varchar(128) not null,
    granted_at    timestamp with time zone not null,
    evidence_id   varchar(64)  not null,
    primary key (subject, target_id)
);

create table break_glass_opening (
    grant_id        varchar(64)   not null primary key,
    request_id      varchar(64)   not null,
    subject         varchar(128)  not null,
    organisation    varchar(128)  not null,
    target_id       varchar(128)  not null,
    level_name      varchar(128)  not null,
    reason          varchar(1000) not null,
    opened_at       timestamp with time zone not null,
    not_after       timestamp with time zone not null,
    -- PENDING_REVIEW until a security admin approves it in hindsight or marks it as misuse.
    review_state    varchar(32)   not null,
    reviewed_by     varchar(128),
    reviewed_at     timestamp with time zone,
    review_note     varchar(1000)
);
create index break_glass_opening_review on break_glass_opening (review_state, opened_at);
