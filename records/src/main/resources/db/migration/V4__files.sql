-- Files shared in meetings through XEP-0363 (docs/records.md, "Files"): one row per stored file,
-- linked to the meeting that was running in its room when it was uploaded (null when none was
-- recorded). deleted_at is set when the retention sweeper removed the stored object; the row stays
-- as the meeting's record of what was shared.
CREATE TABLE meeting_file (
    id           VARCHAR(64)              NOT NULL PRIMARY KEY,
    meeting_id   VARCHAR(64)              REFERENCES meeting (id),
    room         VARCHAR(1024)            NOT NULL,
    uploader     VARCHAR(3072)            NOT NULL,
    name         VARCHAR(255)             NOT NULL,
    size_bytes   BIGINT                   NOT NULL,
    content_type VARCHAR(255)             NOT NULL,
    stored_key   VARCHAR(512)             NOT NULL UNIQUE,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    deleted_at   TIMESTAMP WITH TIME ZONE
);
CREATE INDEX meeting_file_by_meeting ON meeting_file (meeting_id);
CREATE INDEX meeting_file_by_created ON meeting_file (created_at);
