-- Issue 19: reminders and escalation of pending requests. One row per request; a replica sends a
-- reminder only if its update set the column from null (so two replicas never both send it).
create table request_reminder (
    request_id    varchar(64) not null primary key,
    reminded_at   timestamp with time zone,
    escalated_at  timestamp with time zone
);

-- Grants whose holder was told that they end soon (once per grant).
create table grant_ending_notice (
    grant_id     varchar(64) not null primary key,
    noticed_at   timestamp with time zone not null
);
