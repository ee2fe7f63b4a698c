package org.huddle.focus.conference;

import static org.huddle.xmpp.codec.Namespaces.DISCO_INFO;

import java.util.Locale;
import org.huddle.xmpp.codec.Element;

/**
 * What a participant joined with, from its disco#info identity ({@code <identity category='client'
 * type='web' name='…'/>}): Huddle's web app names itself Huddle; Jitsi's clients name Jitsi. The
 * kinds are the records' ({@code huddle-web}, {@code jitsi}, {@code unknown}).
 */
final class ClientKinds {
  static final String HUDDLE_WEB = "huddle-web";
  static final String JITSI = "jitsi";
  static final String UNKNOWN = "unknown";

  private ClientKinds() {}

  /** The kind for a disco#info {@code <query/>}, or unknown for null. */
  static String of(Element info) {
    if (info == null) {
      return UNKNOWN;
    }
    for (Element identity : info.elements("identity", DISCO_INFO)) {
      String name = identity.attr("name");
      String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
      if (n.contains("huddle")) {
        return HUDDLE_WEB;
      }
      if (n.contains("jitsi")) {
        return JITSI;
      }
    }
    for (Element feature : info.elements("feature", DISCO_INFO)) {
      String var = feature.attr("var");
      if (var != null && var.startsWith("http://jitsi.org/")) {
        return JITSI;
      }
    }
    return UNKNOWN;
  }
}
