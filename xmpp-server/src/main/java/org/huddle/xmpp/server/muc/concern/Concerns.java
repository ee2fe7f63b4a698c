package org.huddle.xmpp.server.muc.concern;

import org.huddle.xmpp.server.muc.MucService;

/** The room concerns every MUC service has, each subscribed to room events on its own. */
public final class Concerns {
  private Concerns() {}

  public static void installDefaults(MucService service) {
    CreationPolicy.install(service);
    LockConcern.install(service);
    BanConcern.install(service);
    MembersOnlyConcern.install(service);
    PasswordConcern.install(service);
    MaxOccupantsConcern.install(service);
    ModerationConcern.install(service);
    AnonymityConcern.install(service);
    SubjectConcern.install(service);
    HistoryConcern.install(service);
    RoomInfoConcern.install(service);
  }
}
