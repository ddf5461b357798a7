-- Organisations watched strictly until a time (set by a breach declaration, issue 15; read by the
-- detection runner, issue 14). One row per organisation; a later declaration moves the end.
create table detection_strict (
  organisation varchar(128) primary key,
  until_epoch_second bigint not null,
  reason varchar(512) default '' not null
);
