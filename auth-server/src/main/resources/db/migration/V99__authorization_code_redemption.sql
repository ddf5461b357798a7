-- Issue 18: an authorization code is redeemed once, whichever replicas the redeeming calls reach
-- and however close together they arrive. Spring Authorization Server reads the authorization,
-- issues tokens, then writes it back: two replicas (or two threads) can both read the code as
-- unused and both issue tokens. SingleRedemption claims the code first with one conditional
-- update of this column (set where null); only the call whose update hit a row goes on.
alter table oauth2_authorization add column authorization_code_redeemed_at timestamp with time zone;
