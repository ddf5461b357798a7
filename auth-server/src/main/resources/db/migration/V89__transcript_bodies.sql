-- Session transcripts (issue 16). A request body kept for a transcript is too big for the chained
-- event, so the chain holds its SHA-256 (detail body.sha256) and the body lives here: altering a
-- body here no longer matches the hash the chain protects. content is base64 of the stored bytes
-- (the redacted body, or its sealed envelope when the gateway seals bodies to the utility's key).
create table transcript_body (
    sha256      varchar(64)   not null primary key,
    content     varchar(8192) not null,
    sealed      boolean       not null,
    stored_at_epoch_second bigint not null
);

-- A transcript is read per grant: its decisions and completions.
create index audit_events_grant on audit_events (grant_id);
