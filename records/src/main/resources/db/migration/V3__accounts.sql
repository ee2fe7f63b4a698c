-- Accounts for the admin and organizer pages (docs/records.md, "Accounts"), and which account
-- scheduled each meeting, so that an organizer sees and changes only its own.

-- The password is kept only as an Argon2id hash in PHC form ($argon2id$v=19$m=...,t=...,p=...$salt$hash).
CREATE TABLE account (
    name          VARCHAR(64)              NOT NULL PRIMARY KEY,
    password_hash VARCHAR(512)             NOT NULL,
    role          VARCHAR(16)              NOT NULL,
    email         VARCHAR(320),
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The account that scheduled a meeting, or NULL for one made with the admin token.
ALTER TABLE scheduled_meeting ADD COLUMN owner_account VARCHAR(64);
CREATE INDEX scheduled_by_owner ON scheduled_meeting (owner_account, begins_at);
