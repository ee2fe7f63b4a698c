package org.huddle.xmpp.server.muc.concern;

import org.huddle.xmpp.server.api.MucEvents;
import org.huddle.xmpp.server.api.RoomConfig;
import org.huddle.xmpp.server.muc.MucService;

/**
 * Who may change the subject (XEP-0045 §8.1, {@code muc#roomconfig_changesubject}): moderators
 * always, participants when this is on. The change itself is handled with groupchat; the subject is
 * sent to every newcomer.
 */
public final class SubjectConcern {
  private SubjectConcern() {}

  public static void install(MucService service) {
    new BooleanOption(
            "muc#roomconfig_changesubject",
            "Participants may change the subject",
            RoomConfig::changeSubject,
            RoomConfig::withChangeSubject)
        .install(service);
    service
        .events()
        .on(
            MucEvents.DISCO_INFO,
            e -> {
              e.formFields().put("muc#roominfo_subject", e.room().subject());
              e.formFields()
                  .put(
                      "muc#roominfo_changesubject",
                      BooleanOption.flag(e.room().config().changeSubject()));
              return false;
            });
  }
}
