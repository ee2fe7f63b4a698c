package org.huddle.xmpp.server.muc.concern;

import org.huddle.xmpp.server.api.MucEvents;
import org.huddle.xmpp.server.muc.MucService;

/**
 * Who sees real JIDs (XEP-0045 §10.2, {@code muc#roomconfig_whois}): everyone in non-anonymous
 * rooms (as Jitsi needs, so participants can recognize the focus), moderators only in
 * semi-anonymous ones. Changing it announces status 172 or 173.
 */
public final class AnonymityConcern {
  private AnonymityConcern() {}

  public static void install(MucService service) {
    var events = service.events();
    events.on(
        MucEvents.CONFIG_FORM,
        e -> {
          var f =
              e.field(
                  "muc#roomconfig_whois",
                  "list-single",
                  "Who may see real JIDs",
                  e.room().config().publicJids() ? "anyone" : "moderators");
          f.addChild("option")
              .attr("label", "Moderators only")
              .addChild("value")
              .text("moderators");
          f.addChild("option").attr("label", "Anyone").addChild("value").text("anyone");
          return false;
        });
    events.on(
        MucEvents.CONFIG_SUBMITTED,
        e -> {
          String v = e.value("muc#roomconfig_whois");
          if (v == null) {
            return false;
          }
          boolean publicJids = v.equals("anyone");
          if (publicJids != e.config().publicJids()) {
            e.statusCodes().add(publicJids ? 172 : 173);
          }
          e.config(e.config().withPublicJids(publicJids));
          return false;
        });
    events.on(
        MucEvents.DISCO_INFO,
        e -> {
          e.features()
              .add(e.room().config().publicJids() ? "muc_nonanonymous" : "muc_semianonymous");
          return false;
        });
  }
}
