package org.huddle.records;

/** The kinds of audit entry (the {@code action} column holds the name). */
public enum AuditAction {
  PASSWORD_SET,
  PASSWORD_CHANGED,
  PASSWORD_REMOVED,
  LOBBY_ENABLED,
  LOBBY_DISABLED,
  LOBBY_APPROVED,
  LOBBY_DENIED,
  KICK,
  MUTE,
  ROLE_CHANGED,
  MEETING_ENDED_BY_MODERATOR,
  ADMIN_ACTION
}
