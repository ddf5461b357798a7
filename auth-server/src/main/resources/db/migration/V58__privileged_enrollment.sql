-- Separation of duties for enrollment (issue 11).
-- An invitation for a privileged identity (approver, security admin) or a re-enrollment of an
-- existing account waits for a second security admin's key-signed confirmation; its one-time
-- link is refused until then.
alter table invitations add column state varchar(32) default 'ISSUED' not null;
alter table invitations add column reenrollment boolean default false not null;
alter table invitations add column confirmed_by varchar(128);
alter table invitations add column confirmed_at timestamp with time zone;
alter table invitations add column confirmation_evidence varchar(64);

-- Who created or re-enrolled each account (the admin who asked and held the link, and the one who confirmed):
-- approvals from accounts enrolled by the same admin never count as two people's.
create table account_enrollments (
    id              varchar(64)  primary key,
    subject         varchar(128) not null,
    kind            varchar(16)  not null,
    enrolled_by     varchar(128) not null,
    confirmed_by    varchar(128),
    invitation_id   varchar(64)  not null,
    enrolled_at     timestamp with time zone not null
);
create index account_enrollments_by_subject on account_enrollments (subject);
