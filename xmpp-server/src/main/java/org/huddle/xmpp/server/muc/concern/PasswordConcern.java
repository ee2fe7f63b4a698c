package org.huddle.xmpp.server.muc.concern;

import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Namespaces;
import org.huddle.xmpp.codec.StanzaError.Condition;
import org.huddle.xmpp.server.api.Affiliation;
import org.huddle.xmpp.server.api.MucEvents;
import org.huddle.xmpp.server.api.Phase;
import org.huddle.xmpp.server.muc.MucService;

/**
 * Password-protected rooms (XEP-0045 §7.2.5, §10.2): {@code muc#roomconfig_roomsecret}. Entering
 * needs the password in the join's {@code <x xmlns='...muc'><password/></x>}; owners and admins
 * enter without it. The password is compared in constant time and never written back in any stanza
 * or log.
 */
public final class PasswordConcern {
  private PasswordConcern() {}

  public static void install(MucService service) {
    var events = service.events();
    events.on(
        MucEvents.OCCUPANT_PRE_JOIN,
        Phase.POLICY,
        e -> {
          var config = e.room().config();
          if (!config.passwordProtected()
              || e.occupant().affiliation().compareTo(Affiliation.ADMIN) >= 0) {
            return false;
          }
          Element x = e.stanza().child("x", Namespaces.MUC);
          String given = x == null ? null : x.childText("password", Namespaces.MUC);
          if (given == null) {
            return e.deny(Condition.NOT_AUTHORIZED, "this room needs a password");
          }
          byte[] a = given.getBytes(java.nio.charset.StandardCharsets.UTF_8);
          byte[] b = config.password().getBytes(java.nio.charset.StandardCharsets.UTF_8);
          if (!java.security.MessageDigest.isEqual(a, b)) {
            return e.deny(Condition.NOT_AUTHORIZED, "wrong password");
          }
          return false;
        });
    events.on(
        MucEvents.CONFIG_FORM,
        e -> {
          var c = e.room().config();
          e.field(
              "muc#roomconfig_passwordprotectedroom",
              "boolean",
              "Password protected",
              c.passwordProtected() ? "1" : "0");
          // The secret itself is never sent back, not even to owners: an empty value keeps the
          // current one.
          e.field("muc#roomconfig_roomsecret", "text-private", "Password", "");
          return false;
        });
    events.on(
        MucEvents.CONFIG_SUBMITTED,
        e -> {
          Boolean protect = e.bool("muc#roomconfig_passwordprotectedroom");
          String secret = e.value("muc#roomconfig_roomsecret");
          if (secret != null && !secret.isEmpty()) {
            e.config(e.config().withPassword(secret));
          }
          if (Boolean.FALSE.equals(protect)) {
            e.config(e.config().withPassword(null));
          }
          if (Boolean.TRUE.equals(protect) && !e.config().passwordProtected()) {
            return e.deny(Condition.NOT_ACCEPTABLE, "a password-protected room needs a password");
          }
          return false;
        });
    events.on(
        MucEvents.DISCO_INFO,
        e -> {
          e.features()
              .add(
                  e.room().config().passwordProtected()
                      ? "muc_passwordprotected"
                      : "muc_unsecured");
          return false;
        });
  }
}
