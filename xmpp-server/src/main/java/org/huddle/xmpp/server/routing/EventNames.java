package org.huddle.xmpp.server.routing;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.huddle.xmpp.server.api.EventType;
import org.huddle.xmpp.server.api.MucEvents;

/**
 * Resolves the event names plugins write as strings into the server's typed events. An unknown name
 * is an error, so that the plugin fails where it names it rather than hooking an event that never
 * fires.
 */
final class EventNames {
  private static final Pattern STANZA =
      Pattern.compile("(pre-)?(message|presence|iq)/(host|bare|full)");
  private static final Pattern IQ = Pattern.compile("iq-(get|set)/(host|bare|full)/(.+):([^:]+)");

  /** Touching the holders declares their events, so that lookups by name find them. */
  private static final List<EventType<?>> DECLARED =
      List.of(MucEvents.OCCUPANT_PRE_JOIN, SessionEvent.RESOURCE_BIND);

  private EventNames() {}

  static EventType<?> resolve(String name) {
    assert !DECLARED.isEmpty();
    EventType<?> known = EventType.lookup(name);
    if (known != null) {
      return known;
    }
    Matcher iq = IQ.matcher(name);
    if (iq.matches()) {
      return StanzaEvents.iq(
          StanzaEvents.IqType.valueOf(iq.group(1).toUpperCase(Locale.ROOT)),
          StanzaEvents.To.valueOf(iq.group(2).toUpperCase(Locale.ROOT)),
          iq.group(3),
          iq.group(4));
    }
    Matcher s = STANZA.matcher(name);
    if (s.matches()) {
      StanzaEvents.Kind kind = StanzaEvents.Kind.valueOf(s.group(2).toUpperCase(Locale.ROOT));
      StanzaEvents.To to = StanzaEvents.To.valueOf(s.group(3).toUpperCase(Locale.ROOT));
      return s.group(1) != null ? StanzaEvents.pre(kind, to) : StanzaEvents.stanza(kind, to);
    }
    throw new IllegalArgumentException("unknown event '" + name + "'");
  }
}
