package org.huddle.auth.plugins.lua;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.huddle.xmpp.server.event.EventType;
import org.huddle.xmpp.server.event.Phase;
import org.huddle.xmpp.server.muc.MucEvents;
import org.huddle.xmpp.server.routing.SessionEvent;
import org.huddle.xmpp.server.routing.StanzaEvents;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;

/**
 * Turns the event names and priorities plugins write as strings into the server's typed events and
 * phases. An unknown name is an error at load time, pointing at the plugin's line, rather than a
 * hook that silently never runs.
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
    throw new LuaError("unknown event '" + name + "'");
  }

  /**
   * The phase for {@code module:hook}'s third argument: a phase name ({@code "guard"}, {@code
   * "policy"}, {@code "default"}, {@code "fallback"}), or a Prosody priority, where higher runs
   * earlier: above 0 is {@link Phase#GUARD}, 0 (the default) {@link Phase#POLICY}, below 0 {@link
   * Phase#FALLBACK}.
   */
  static Phase phase(LuaValue priority) {
    if (priority.isnil()) {
      return Phase.POLICY;
    }
    if (priority.isnumber()) {
      double p = priority.todouble();
      return p > 0 ? Phase.GUARD : p < 0 ? Phase.FALLBACK : Phase.POLICY;
    }
    String name = priority.checkjstring().toUpperCase(Locale.ROOT);
    try {
      return Phase.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new LuaError(
          "unknown hook phase '" + priority.tojstring() + "' (guard, policy, default, fallback)");
    }
  }
}
