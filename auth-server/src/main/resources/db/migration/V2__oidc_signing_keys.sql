-- The authorization server's token-signing keys. Persisted so that tokens stay verifiable
-- across restarts and every node signs with the same key; rotation adds a newer key while the
-- older ones stay published (JWKS) until they are retired.
create table oidc_signing_keys (
    kid          varchar(64)    primary key,
    algorithm    varchar(16)    not null,
    public_jwk   varchar(8000)  not null,
    -- "aesgcm:" + base64(iv | ciphertext) when keygate.oidc.key-encryption-secret is set,
    -- otherwise "plain:" + the private JWK (the operator is warned at every start).
    private_jwk  varchar(16000) not null,
    created_at   timestamp with time zone not null,
    retired_at   timestamp with time zone
);
