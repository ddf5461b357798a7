-- Keys made by Chromium's virtual authenticator (trusted only while the development switch
-- keygate.webauthn.allow-chromium-virtual-authenticator is on, on loopback origins) are marked, so
-- that they can never sign in once the switch is off. Its AAGUID is fixed and public; keys
-- enrolled before this column existed are marked by it too.
alter table webauthn_credentials add column development_authenticator boolean default false not null;
update webauthn_credentials set development_authenticator = true where aaguid = '01020304-0506-0708-0102-030405060708';
