-- The audit chain links blocks of events instead of single events (issue #13). Portable SQL: runs
-- on H2 and PostgreSQL.
--
-- Every event chained before this migration becomes a block of one in format SINGLE_EVENT_V1, whose
-- block hash is the event's own hash: the old chain verifies unchanged, and the first new block
-- links to the last old event's hash.
create table audit_blocks (
    block_number     bigint      primary key,
    first_sequence   bigint      not null,
    event_count      int         not null,
    previous_hash    varchar(64) not null,
    hash             varchar(64) not null,
    format           varchar(16) not null
);

insert into audit_blocks (block_number, first_sequence, event_count, previous_hash, hash, format)
select sequence, sequence, 1, previous_hash, hash, 'SINGLE_EVENT_V1' from audit_events;

alter table audit_events add column block_number bigint;
alter table audit_events add column block_position int;
-- Where a chained entry came from (a Redis Stream id for gateway decisions): unique, so an entry
-- delivered twice (a consumer died after chaining, before acknowledging) is chained once.
alter table audit_events add column source_id varchar(200);

update audit_events set block_number = sequence, block_position = 0;

create unique index audit_events_source on audit_events (source_id);

alter table audit_chain_head add column last_block bigint;
update audit_chain_head set last_block = last_sequence;
alter table audit_chain_head alter column last_block set not null;
