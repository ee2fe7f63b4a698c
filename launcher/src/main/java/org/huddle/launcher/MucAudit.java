package org.huddle.launcher;

import org.huddle.records.AuditAction;
import org.huddle.records.RecordEvent.Audit;
import org.huddle.records.Recorder;
import org.huddle.xmpp.server.api.Host;
import org.huddle.xmpp.server.api.MucEvents;
import org.huddle.xmpp.server.api.MucEvents.ModerationEvent;
import org.huddle.xmpp.server.api.ServerExtension;

/**
 * The XMPP server's moderation in the audit log (docs/records.md, "Who records what"): each {@code
 * muc-moderated} event becomes an audit entry. The server knows nothing of the records and the
 * records nothing of XMPP; this is where the two meet. The hook only queues the entry ({@link
 * Recorder#record} never blocks), and the event fires on moderators' actions only, never on a join.
 */
final class MucAudit {
  private MucAudit() {}

  /** An extension that hands every MUC host's moderation to {@code recorder}. */
  static ServerExtension extension(Recorder recorder) {
    return context -> {
      for (Host host : context.hosts()) {
        host.events()
            .on(
                MucEvents.MODERATED,
                e -> {
                  recorder.record(entry(e));
                  return false;
                });
      }
    };
  }

  static Audit entry(ModerationEvent e) {
    return Audit.of(
        e.at(), e.room().jid().toString(), action(e.action()), e.actor(), e.target(), detail(e));
  }

  static AuditAction action(ModerationEvent.Action a) {
    return switch (a) {
      case PASSWORD_SET -> AuditAction.PASSWORD_SET;
      case PASSWORD_CHANGED -> AuditAction.PASSWORD_CHANGED;
      case PASSWORD_REMOVED -> AuditAction.PASSWORD_REMOVED;
      case LOBBY_ENABLED -> AuditAction.LOBBY_ENABLED;
      case LOBBY_DISABLED -> AuditAction.LOBBY_DISABLED;
      case LOBBY_APPROVED -> AuditAction.LOBBY_APPROVED;
      case LOBBY_DENIED -> AuditAction.LOBBY_DENIED;
      case KICKED -> AuditAction.KICK;
      case ROLE_CHANGED -> AuditAction.ROLE_CHANGED;
      case AFFILIATION_CHANGED -> AuditAction.AFFILIATION_CHANGED;
    };
  }

  /** "participant → visitor: too loud"; null when the event says nothing more. */
  private static String detail(ModerationEvent e) {
    String change =
        e.before() == null && e.after() == null
            ? null
            : (e.before() == null ? "" : e.before()) + " → " + (e.after() == null ? "" : e.after());
    if (e.reason() == null || e.reason().isBlank()) {
      return change;
    }
    return change == null ? e.reason() : change + ": " + e.reason();
  }
}
