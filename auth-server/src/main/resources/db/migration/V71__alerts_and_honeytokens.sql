-- Alerts raised by the detection runner (issue 14). One row per open pattern: repeats with the
-- same dedup key fold into the open row (repeat_count, last_seen_at, event_sequences grow) until
-- it is closed. event_sequences links the evidence in the chain (comma-separated sequences, capped).
create table alerts (
  id varchar(64) primary key,
  opened_at timestamp with time zone not null,
  last_seen_at timestamp with time zone not null,
  severity varchar(16) not null,
  technique_id varchar(16) not null,
  detector varchar(128) not null,
  explanation varchar(1000) not null,
  actor varchar(128) default '' not null,
  organisation varchar(128) default '' not null,
  target_id varchar(128) default '' not null,
  event_sequences varchar(4000) default '' not null,
  repeat_count integer default 1 not null,
  state varchar(16) not null,
  dedup_key varchar(512) not null,
  -- Set while the dedup key is open, null once closed: one open alert per key, enforced by the index.
  open_dedup_key varchar(512),
  -- PENDING while an automatic response (a decoy or honeytoken trip) has yet to cut the person off.
  response_state varchar(16) default 'NONE' not null,
  response_attempts integer default 0 not null,
  actions_taken varchar(4000) default '' not null,
  updated_at timestamp with time zone not null,
  updated_by varchar(128) default '' not null
);
create unique index alerts_open_dedup on alerts (open_dedup_key);
create index alerts_state_opened on alerts (state, opened_at);
create index alerts_response on alerts (response_state);

-- Where the detection runner is in the audit chain: one row, locked by the replica that runs a
-- pass, so every chained event is fed to the detectors once even with several auth servers.
create table detection_cursor (
  id integer primary key,
  last_sequence bigint not null
);
-- Starts at the chain's end: an existing installation is not replayed (its history predates the
-- detectors, and replaying it would page approvers for months-old patterns).
insert into detection_cursor (id, last_sequence) select 1, coalesce(max(sequence), 0) from audit_events;

-- Honeytokens: bait credentials. Only the SHA-256 of the token is kept; the token is shown once.
create table honeytokens (
  id varchar(64) primary key,
  token_hash varchar(64) not null,
  label varchar(200) not null,
  planted_where varchar(1000) not null,
  created_by varchar(128) not null,
  created_at timestamp with time zone not null,
  revoked_by varchar(128),
  revoked_at timestamp with time zone
);
create unique index honeytokens_hash on honeytokens (token_hash);
