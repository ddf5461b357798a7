-- Grants whose window starts later are kept here until it starts, and only then written to the
-- grant store: the store holds one grant per (person, target) and a write supersedes the earlier
-- grant, so writing tomorrow's grant today would end the access the person holds now.
--   activation   SCHEDULED  approved, window not begun, not in the grant store yet
--                ACTIVATED  written to the grant store (ended_at says whether it ended early)
--                CANCELLED  ended (revoked, suspended) before it was ever written to the store
--                EXPIRED    its window passed without it being written to the store
--   activated_at when it was written to the grant store.
-- Grants issued before this migration were written to the store at approval.
alter table grant_history add column activation varchar(16) default 'ACTIVATED' not null;
alter table grant_history add column activated_at timestamp with time zone;
update grant_history set activated_at = issued_at;
-- The activation job's query: scheduled grants by start.
create index grant_history_activation on grant_history (activation, not_before);
create index grant_history_subject_target on grant_history (subject, target_id);
