-- Issue 19: the webhook outbox becomes the outbox of every notification channel (webhook, mail,
-- Slack, Teams). Existing rows are webhook deliveries; a mail row names its one recipient.
-- Portable SQL: runs on H2 and PostgreSQL.

alter table webhook_outbox add column channel varchar(32) default 'webhook' not null;
alter table webhook_outbox add column recipient varchar(320);
create index webhook_outbox_channel_due on webhook_outbox (channel, next_attempt_at);

-- What admins see of each channel: when it last worked and when and why it last failed.
create table notification_channel_health (
    channel          varchar(32)   not null primary key,
    last_success_at  timestamp with time zone,
    last_error_at    timestamp with time zone,
    last_error       varchar(1000)
);

-- What a request's page says about who was told of it, written when the notifications were queued.
create table notification_summary (
    request_id   varchar(64)   not null,
    event_type   varchar(64)   not null,
    sentence     varchar(1000) not null,
    created_at   timestamp with time zone not null,
    primary key (request_id, event_type)
);
