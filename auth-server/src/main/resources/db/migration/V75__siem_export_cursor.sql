-- How far each SIEM export (file, syslog) has taken the audit chain (issue 14). The export writes
-- a batch to its destination first and moves its cursor after, so a crash in between repeats
-- nothing: on start the export also reads its destination's last sequence (file tail, spool).
create table siem_export_cursor (
  sink varchar(32) primary key,
  last_sequence bigint not null
);
