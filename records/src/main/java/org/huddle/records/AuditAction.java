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
  /** A room affiliation granted or taken (muc#admin, or a members-only room's invitation). */
  AFFILIATION_CHANGED,
  MEETING_ENDED_BY_MODERATOR,
  /** Any other state-changing call of the admin or organizer API. */
  ADMIN_ACTION,
  /** Someone logged in to the admin or organizer pages (actor: the account's name). */
  LOGIN,
  /** A login refused: wrong name or password, or too many attempts (actor: the name given). */
  LOGIN_FAILED,
  LOGOUT,
  /** An account created, changed or removed (target: the account). */
  ACCOUNT_CHANGED,
  SCHEDULE_CREATED,
  SCHEDULE_CHANGED,
  SCHEDULE_CANCELLED
}
