-- The firmware gate (issue 15): the durable record of what security admins decided. The shared
-- register (in memory in the embedded mode, Redis in the distributed one) is what gateways read;
-- these rows are written first and republished to it at start-up.
create table firmware_allow_list (
  hash            varchar(64)   primary key,
  vendor          varchar(128)  not null,
  model           varchar(100)  not null,
  version         varchar(64)   not null,
  verification    varchar(300)  not null,
  added_by        varchar(128)  not null,
  added_at        timestamp with time zone not null,
  credential_id   varchar(1024) not null
);

create table firmware_distrust_window (
  id              varchar(64)   primary key,
  organisation    varchar(128)  not null,
  starts_at       timestamp with time zone not null,
  ends_at         timestamp with time zone not null,
  reason          varchar(300)  not null,
  opened_by       varchar(128)  not null,
  opened_at       timestamp with time zone not null
);

-- A release or rejection of a held image, with the key that confirmed it. The held image itself
-- (uploader, target, gateway) is reported by the gateway through the register.
create table firmware_hold_decision (
  hash            varchar(64)   primary key,
  decision        varchar(16)   not null,
  decided_by      varchar(128)  not null,
  decided_at      timestamp with time zone not null,
  credential_id   varchar(1024) not null,
  organisation    varchar(128)  not null,
  uploader        varchar(128)  not null,
  target          varchar(128)  not null,
  gateway         varchar(128)  not null
);
