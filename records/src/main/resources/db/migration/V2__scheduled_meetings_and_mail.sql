-- Scheduled meetings and the invitations they send (docs/records.md, "Scheduling").

-- A meeting planned for a time: its room (the name in the link), title, span and organizer.
-- sequence is iCalendar's SEQUENCE: it grows with each update, so calendars replace the old copy.
CREATE TABLE scheduled_meeting (
    id              VARCHAR(64)              NOT NULL PRIMARY KEY,
    room            VARCHAR(80)              NOT NULL,
    title           VARCHAR(500)             NOT NULL,
    begins_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    ends_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    organizer_email VARCHAR(320)             NOT NULL,
    sequence        INTEGER                  NOT NULL DEFAULT 0,
    cancelled       BOOLEAN                  NOT NULL DEFAULT FALSE,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX scheduled_by_room ON scheduled_meeting (room, begins_at);
CREATE INDEX scheduled_by_begin ON scheduled_meeting (begins_at);

CREATE TABLE scheduled_invitee (
    meeting_id VARCHAR(64)  NOT NULL REFERENCES scheduled_meeting (id),
    email      VARCHAR(320) NOT NULL,
    PRIMARY KEY (meeting_id, email)
);

-- Mail waiting to go out, and what became of it. A row stays until a server took it, so an
-- invitation survives restarts and outages of every mail server.
CREATE TABLE mail_outbox (
    id              VARCHAR(64)              NOT NULL PRIMARY KEY,
    meeting_id      VARCHAR(64)              REFERENCES scheduled_meeting (id),
    recipient       VARCHAR(320)             NOT NULL,
    subject         VARCHAR(1000)            NOT NULL,
    body            VARCHAR(100000)          NOT NULL,
    calendar        VARCHAR(100000),
    calendar_method VARCHAR(16),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    attempts        INTEGER                  NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
    sent_at         TIMESTAMP WITH TIME ZONE,
    sent_via        VARCHAR(255),
    last_error      VARCHAR(1000)
);
CREATE INDEX mail_due ON mail_outbox (sent_at, next_attempt_at);
