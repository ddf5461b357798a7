-- Spring Authorization Server's authorizations (authorization codes with their PKCE challenge,
-- access, refresh and ID tokens), shared by every auth-server replica: a code issued by one is
-- redeemed at whichever the gateway's back-channel call reaches. Table and column names are
-- those of JdbcOAuth2AuthorizationService (oauth2-authorization-schema.sql in
-- spring-security-oauth2-authorization-server 7.0); only the types differ, so that one file
-- serves H2 and PostgreSQL:
--   blob      -> varchar(1000000). The service reads each column's JDBC type once per JVM into a
--                static map and binds values by that type. varchar is VARCHAR on both databases
--                (PostgreSQL has no blob; "text" would be VARCHAR there but a CLOB in H2), so the
--                H2 and PostgreSQL contexts of one JVM (the tests) agree. The values are JSON and
--                JWT text; 1,000,000 characters is H2's longest varchar.
--   timestamp -> timestamp with time zone, as the jar's note asks for PostgreSQL: instants stay
--                instants whatever the replicas' time zones.
-- Rows whose every token has expired are deleted by ExpiredAuthorizationSweep.
create table oauth2_authorization (
    id                            varchar(100)  not null,
    registered_client_id          varchar(100)  not null,
    principal_name                varchar(200)  not null,
    authorization_grant_type      varchar(100)  not null,
    authorized_scopes             varchar(1000) default null,
    attributes                    varchar(1000000) default null,
    state                         varchar(500)  default null,
    authorization_code_value      varchar(1000000) default null,
    authorization_code_issued_at  timestamp with time zone default null,
    authorization_code_expires_at timestamp with time zone default null,
    authorization_code_metadata   varchar(1000000) default null,
    access_token_value            varchar(1000000) default null,
    access_token_issued_at        timestamp with time zone default null,
    access_token_expires_at       timestamp with time zone default null,
    access_token_metadata         varchar(1000000) default null,
    access_token_type             varchar(100)  default null,
    access_token_scopes           varchar(1000) default null,
    oidc_id_token_value           varchar(1000000) default null,
    oidc_id_token_issued_at       timestamp with time zone default null,
    oidc_id_token_expires_at      timestamp with time zone default null,
    oidc_id_token_metadata        varchar(1000000) default null,
    refresh_token_value           varchar(1000000) default null,
    refresh_token_issued_at       timestamp with time zone default null,
    refresh_token_expires_at      timestamp with time zone default null,
    refresh_token_metadata        varchar(1000000) default null,
    user_code_value               varchar(1000000) default null,
    user_code_issued_at           timestamp with time zone default null,
    user_code_expires_at          timestamp with time zone default null,
    user_code_metadata            varchar(1000000) default null,
    device_code_value             varchar(1000000) default null,
    device_code_issued_at         timestamp with time zone default null,
    device_code_expires_at        timestamp with time zone default null,
    device_code_metadata          varchar(1000000) default null,
    primary key (id)
);

-- The lookups on the sign-in path: the authorization code at the token endpoint and the refresh
-- token when the gateway refreshes. Both are 128-character opaque strings (far below the b-tree
-- entry limit); JWT-valued columns are not indexed.
create index oauth2_authorization_code_idx on oauth2_authorization (authorization_code_value);
create index oauth2_authorization_refresh_idx on oauth2_authorization (refresh_token_value);
