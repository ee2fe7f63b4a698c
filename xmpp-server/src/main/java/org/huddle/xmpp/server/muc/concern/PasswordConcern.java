package org.huddle.xmpp.server.muc.concern;

import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Namespaces;
import org.huddle.xmpp.codec.StanzaError.Condition;
import org.huddle.xmpp.server.api.Affiliation;
import org.huddle.xmpp.server.api.MucEvents;
import org.huddle.xmpp.server.api.MucEvents.ConfigSubmitEvent;
import org.huddle.xmpp.server.api.Phase;
import org.huddle.xmpp.server.api.RoomConfig;
import org.huddle.xmpp.server.muc.MucService;

/**
 * Password-protected rooms (XEP-0045 §7.2.5, §10.2): {@code muc#roomconfig_roomsecret}. Entering
 * needs the password in the join's {@code <x xmlns='...muc'><password/></x>}; owners and admins
 * enter without it. The password is compared in constant time and never written back in any stanza
 * or log. Owners set, change and remove it through the owner's form (XEP-0045 §10.2), as Jitsi's
 * client does with {@code lock(pw)} and {@code unlock()}; a change is announced with status 104.
 */
public final class PasswordConcern {
  private static final String PROTECTED = "muc#roomconfig_passwordprotectedroom";
  private static final String SECRET = "muc#roomconfig_roomsecret";

  private PasswordConcern() {}

  /**
   * The password a submitted form asks for. No secret field leaves it as it is (forms about
   * something else). A non-empty secret sets it. An empty secret removes it ({@code unlock()} of
   * Jitsi's client sends it with the flag at 0), except beside the flag at 1: that is our own form
   * sent back as it came, whose secret we always leave empty, and it keeps the password. The flag
   * at 0 removes it whatever the secret.
   */
  private static RoomConfig askedFor(ConfigSubmitEvent e, RoomConfig config) {
    Boolean protect = e.bool(PROTECTED);
    if (Boolean.FALSE.equals(protect)) {
      return config.withPassword(null);
    }
    if (!e.submitted(SECRET)) {
      return config;
    }
    String secret = e.value(SECRET);
    if (secret != null && !secret.isEmpty()) {
      return config.withPassword(secret);
    }
    return Boolean.TRUE.equals(protect) ? config : config.withPassword(null);
  }

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
          e.field(PROTECTED, "boolean", "Password protected", c.passwordProtected() ? "1" : "0");
          // The secret itself is never sent back, not even to owners (see askedFor()).
          e.field(SECRET, "text-private", "Password", "");
          return false;
        });
    events.on(
        MucEvents.CONFIG_SUBMITTED,
        e -> {
          e.config(askedFor(e, e.config()));
          if (Boolean.TRUE.equals(e.bool(PROTECTED)) && !e.config().passwordProtected()) {
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
