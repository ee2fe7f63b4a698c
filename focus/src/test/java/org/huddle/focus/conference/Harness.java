package org.huddle.focus.conference;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.huddle.focus.FocusConfig;
import org.huddle.focus.bridge.Bridge;
import org.huddle.focus.bridge.BridgeRegistry;
import org.huddle.focus.jingle.Features;
import org.huddle.focus.jingle.JingleRouter;
import org.huddle.focus.jingle.JingleSession;
import org.huddle.focus.jingle.OfferFactory;
import org.huddle.focus.muc.CapsCache;
import org.huddle.focus.muc.Occupant;
import org.huddle.focus.muc.Room;
import org.huddle.focus.selection.BridgeSelector;
import org.huddle.focus.selection.BridgeStrategy;
import org.huddle.focus.xml.Xml;
import org.huddle.signalling.WireNamespaces;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Namespaces;

/**
 * What a conference's parts run on in a test, without sockets: the shared services (the in-memory
 * {@link Wire}, a Jingle router, a brewery with bridges the test announces, a queue on the calling
 * thread), one {@link ConferenceState}, and an {@link Effects} that records what a handler asks of
 * the others ({@link #steps}), the events it fires, the sessions it routes and the timers it arms,
 * which run only when the test says ({@link #fire}).
 */
final class Harness implements Effects, AutoCloseable {
  static final String ROOM = "standup@conference.meet.jitsi";
  static final String BREWERY = "jvbbrewery@internal-muc.meet.jitsi";
  static final String FOCUS = "focus@auth.meet.jitsi/focus";

  /** A timer a handler armed. */
  record Armed(Duration delay, Runnable task, ScheduledFuture<?> future) {}

  final Wire wire = new Wire();
  final JingleRouter router = new JingleRouter();
  final BridgeRegistry registry = new BridgeRegistry(BREWERY, Duration.ofMinutes(1));
  final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  final FocusConfig config = FocusConfig.defaults();
  final ConferenceContext ctx;
  final ConferenceState state =
      new ConferenceState(ROOM, new Room(wire, ROOM, config.xmpp().replyTimeout()));
  final List<Step> steps = new ArrayList<>();
  final List<ConferenceEvent> events = new ArrayList<>();
  final List<JingleSession> listening = new ArrayList<>();
  final List<Armed> armed = new ArrayList<>();

  Harness() {
    this(BridgeStrategy.LEAST_LOADED);
  }

  /** With a bridge strategy of the test's (the HTTP hook's answers). */
  Harness(BridgeStrategy strategy) {
    ctx =
        new ConferenceContext(
            config,
            wire,
            router,
            registry,
            new BridgeSelector(registry, strategy, 0.8, 100),
            new OfferFactory(config.codec()),
            timer,
            Runnable::run,
            new FocusStats(),
            FOCUS,
            new Admission(config),
            new MeetingSchedule(),
            new CapsCache(config.conference().capsCacheSize()));
  }

  /** A bridge joins the brewery, lightly loaded. */
  Bridge announce(String nick) {
    Element p = Xml.stanza("presence", Map.of("from", BREWERY + "/" + nick));
    p.addChild("stats", WireNamespaces.COLIBRI)
        .addChild("stat", WireNamespaces.COLIBRI)
        .attr("name", "stress_level")
        .attr("value", "0.1");
    registry.presence(p);
    return registry.byJid(BREWERY + "/" + nick);
  }

  /** The room's presence of an occupant ({@code type} null for available). */
  static Element presence(String nick, String type) {
    return presence(nick, type, "participant");
  }

  /** The room's presence of an occupant with this role ({@code type} null for available). */
  static Element presence(String nick, String type, String role) {
    Element p = Xml.stanza("presence", Map.of("from", ROOM + "/" + nick));
    if (type != null) {
      p.attr("type", type);
    }
    p.addChild("x", Namespaces.MUC_USER)
        .addChild("item", Namespaces.MUC_USER)
        .attr("jid", nick + "@meet.jitsi/web")
        .attr("affiliation", "none")
        .attr("role", role);
    return p;
  }

  /** The focus's own presence in the room (status 110). */
  static Element self() {
    Element p = Xml.stanza("presence", Map.of("from", ROOM + "/focus"));
    Element x = p.addChild("x", Namespaces.MUC_USER);
    x.addChild("item", Namespaces.MUC_USER).attr("affiliation", "owner").attr("role", "moderator");
    x.addChild("status", Namespaces.MUC_USER).attr("code", "110");
    return p;
  }

  static String jid(String nick) {
    return ROOM + "/" + nick;
  }

  /** A participant in the state, with audio and video, and no session yet. */
  Participant joined(String nick) {
    return joined(nick, "participant");
  }

  /** A participant in the state with this role, with audio and video, and no session yet. */
  Participant joined(String nick, String role) {
    Participant p = state.add(Occupant.parse(presence(nick, null, role)), false);
    p.featuresKnown(Features.DEFAULT, "test");
    return p;
  }

  /** A participant whose session is offered, not yet accepted. */
  Participant offered(String nick) {
    Participant p = joined(nick);
    p.allocating(state.session(), List.of());
    p.offered(new JingleSession(jid(nick), null, FOCUS, false), null);
    return p;
  }

  /** A participant whose session is accepted, with these audio sources. */
  Participant active(String nick, long... ssrcs) {
    Participant p = offered(nick);
    p.accepted(DecisionsTest.sources(ssrcs));
    return p;
  }

  /** The steps of this kind handed on so far. */
  <S extends Step> List<S> steps(Class<S> kind) {
    return steps.stream().filter(kind::isInstance).map(kind::cast).toList();
  }

  /** Runs the last timer armed with this delay, as if it had run out. */
  void fire(Duration delay) {
    for (int i = armed.size() - 1; i >= 0; i--) {
      if (armed.get(i).delay().equals(delay)) {
        armed.get(i).task().run();
        return;
      }
    }
    throw new AssertionError("no timer of " + delay + " armed");
  }

  @Override
  public CompletableFuture<Element> request(Element iq) {
    return wire.request(iq, config.xmpp().replyTimeout());
  }

  @Override
  public void send(Element stanza) {
    wire.send(stanza);
  }

  @Override
  public void publish(ConferenceEvent event) {
    events.add(event);
  }

  @Override
  public ScheduledFuture<?> schedule(Duration delay, Runnable task) {
    // Far off: a test runs a timer with fire(), never by waiting.
    ScheduledFuture<?> f = timer.schedule(() -> {}, 1, TimeUnit.DAYS);
    armed.add(new Armed(delay, task, f));
    return f;
  }

  @Override
  public Executor queue() {
    return Runnable::run;
  }

  @Override
  public void dispatch(Step step) {
    steps.add(step);
  }

  @Override
  public void listen(JingleSession session) {
    listening.add(session);
  }

  @Override
  public void forget(JingleSession session) {
    listening.remove(session);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
