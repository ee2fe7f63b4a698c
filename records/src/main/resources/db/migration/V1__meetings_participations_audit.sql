-- Huddle's meeting records (docs/records.md). Written for both PostgreSQL and H2: standard types only.
-- Migrations are forward-only: a change is a new V<n>__ file, never an edit of this one.

-- One row per meeting: a conference from its first participant to its end, keyed by the focus's
-- meeting id (the Colibri2 meeting-id the bridges see too).
CREATE TABLE meeting (
    id                VARCHAR(64)              NOT NULL PRIMARY KEY,
    room              VARCHAR(1024)            NOT NULL,
    started_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at          TIMESTAMP WITH TIME ZONE,
    peak_participants INTEGER                  NOT NULL DEFAULT 0
);
CREATE INDEX meeting_by_start ON meeting (started_at);
CREATE INDEX meeting_by_room ON meeting (room, started_at);

-- The bridges a meeting used, with when it first used each.
CREATE TABLE meeting_bridge (
    meeting_id    VARCHAR(64)              NOT NULL REFERENCES meeting (id),
    bridge        VARCHAR(255)             NOT NULL,
    first_used_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (meeting_id, bridge)
);

-- One row per participation: someone's time in a meeting, from join to leave. The id comes from
-- the writer, so a batch retried after an outage writes each row once.
CREATE TABLE participation (
    id           VARCHAR(64)              NOT NULL PRIMARY KEY,
    meeting_id   VARCHAR(64)              NOT NULL REFERENCES meeting (id),
    endpoint     VARCHAR(255)             NOT NULL,
    display_name VARCHAR(255),
    client_kind  VARCHAR(64)              NOT NULL,
    joined_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    left_at      TIMESTAMP WITH TIME ZONE
);
CREATE INDEX participation_by_meeting ON participation (meeting_id, joined_at);

-- What the bridge measured of one endpoint's media over one participation (a summary at its end).
CREATE TABLE media_quality (
    meeting_id        VARCHAR(64)              NOT NULL REFERENCES meeting (id),
    endpoint          VARCHAR(255)             NOT NULL,
    recorded_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    packets_received  BIGINT                   NOT NULL,
    packets_lost      BIGINT                   NOT NULL,
    bitrate_bps       BIGINT                   NOT NULL,
    layer_switches    INTEGER                  NOT NULL,
    PRIMARY KEY (meeting_id, endpoint, recorded_at)
);

-- Who did what to whom: passwords, lobby decisions, kicks, mutes, role changes, admin actions.
CREATE TABLE audit_event (
    id         VARCHAR(64)              NOT NULL PRIMARY KEY,
    at         TIMESTAMP WITH TIME ZONE NOT NULL,
    room       VARCHAR(1024),
    action     VARCHAR(64)              NOT NULL,
    actor      VARCHAR(1024),
    target     VARCHAR(1024),
    detail     VARCHAR(2000)
);
CREATE INDEX audit_by_time ON audit_event (at);
CREATE INDEX audit_by_room ON audit_event (room, at);
