package org.huddle.focus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.huddle.focus.bridge.BridgeRegistry;
import org.huddle.focus.bridge.HealthChecker;
import org.huddle.focus.conference.Admission;
import org.huddle.focus.conference.ConferenceContext;
import org.huddle.focus.conference.ConferenceIq;
import org.huddle.focus.conference.Conferences;
import org.huddle.focus.conference.FocusStats;
import org.huddle.focus.conference.MeetingSchedule;
import org.huddle.focus.http.FocusHttp;
import org.huddle.focus.http.FocusMetrics;
import org.huddle.focus.http.FocusState;
import org.huddle.focus.jingle.JingleRouter;
import org.huddle.focus.jingle.OfferFactory;
import org.huddle.focus.muc.CapsCache;
import org.huddle.focus.selection.BridgeSelector;
import org.huddle.focus.selection.BridgeStrategy;
import org.huddle.focus.selection.HttpAllocationStrategy;
import org.huddle.focus.selection.LuaStrategy;
import org.huddle.focus.selection.RegionStrategy;
import org.huddle.focus.xmpp.ComponentConnection;
import org.huddle.focus.xmpp.XmppClient;
import org.huddle.signalling.WireNamespaces;
import org.huddle.signalling.jitsi.Mute;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The conference focus (Jicofo's job): logs in as {@code focus@auth.<domain>/focus} and, with a
 * component secret, connects as the component {@code focus.<domain>}; answers conference requests,
 * runs each conference's media on one bridge from the brewery, and moves conferences off failed
 * bridges. {@link #start} returns at once; the connections come up (and come back) in the
 * background, and {@code /about/health} says 503 until they are up.
 */
public final class Focus implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Focus.class);

  private final FocusConfig config;
  private final ScheduledExecutorService timer;
  private final ExecutorService workers;
  private final XmppClient xmpp;
  private final ComponentConnection component;
  private final BridgeRegistry registry;
  private final HealthChecker health;
  private final JingleRouter jingle;
  private final FocusStats stats;
  private final MeetingSchedule schedule = new MeetingSchedule();
  private final Conferences conferences;
  private final Server http;

  private Focus(FocusConfig config) throws Exception {
    this.config = config;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("focus-timer").unstarted(r));
    this.workers =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("focus-", 0).factory());
    this.xmpp = new XmppClient(config.xmpp(), timer);
    this.registry =
        new BridgeRegistry(config.bridge().breweryJid(), config.bridge().failureResetThreshold());
    this.jingle = new JingleRouter();
    this.stats = new FocusStats();
    BridgeSelector selector =
        new BridgeSelector(
            registry,
            strategy(config.bridge()),
            config.bridge().stressThreshold(),
            config.bridge().maxBridgeParticipants());
    ConferenceContext ctx =
        new ConferenceContext(
            config,
            xmpp,
            jingle,
            registry,
            selector,
            new OfferFactory(config.codec()),
            timer,
            workers,
            stats,
            config.xmpp().focusJid() + "/focus",
            new Admission(config),
            schedule,
            new CapsCache(config.conference().capsCacheSize()));
    this.conferences = new Conferences(ctx, xmpp::isConnected, config.xmpp().readyWait());
    registry.listen(conferences);
    this.health =
        new HealthChecker(
            registry, xmpp, config.bridge().healthInterval(), config.bridge().healthTimeout());
    this.component =
        config.component().enabled()
            ? new ComponentConnection(config.component(), config.xmpp().focusDomain())
            : null;
    QueuedThreadPool pool = new QueuedThreadPool(32, 2);
    pool.setName("focus-http");
    pool.setReservedThreads(0);
    this.http = new Server(pool);
    ServerConnector connector = new ServerConnector(http);
    connector.setHost(config.http().host());
    connector.setPort(config.http().port());
    http.addConnector(connector);
    FocusState state = new State();
    http.setHandler(new FocusHttp(state, conferences, new FocusMetrics(state)));
  }

  private static BridgeStrategy strategy(FocusConfig.Bridge b) {
    return switch (b.strategy()) {
      case LEAST_LOADED -> BridgeStrategy.LEAST_LOADED;
      case SPLIT -> BridgeStrategy.SPLIT;
      case REGION -> new RegionStrategy(b.localRegion(), b.regionGroups());
      case HTTP -> new HttpAllocationStrategy(b.allocationUrl(), b.allocationTimeout());
      case LUA -> LuaStrategy.load(Path.of(b.luaScript()), b.luaInstructionBudget());
    };
  }

  /**
   * Starts the focus. The HTTP listener is bound before this returns; the XMPP connections are
   * made, and remade after a loss, in the background.
   *
   * @throws IllegalArgumentException when the settings cannot work (a Lua strategy that does not
   *     load)
   * @throws Exception when the HTTP port cannot be bound
   */
  public static Focus start(FocusConfig config) throws Exception {
    Focus f = new Focus(config);
    try {
      f.startAll();
    } catch (Exception e) {
      f.close();
      throw e;
    }
    return f;
  }

  private void startAll() throws Exception {
    http.start();
    xmpp.handle("jingle", WireNamespaces.JINGLE, "set", jingle);
    xmpp.handle(
        ConferenceIq.ELEMENT, ConferenceIq.NS, "set", iq -> ConferenceIq.handle(conferences, iq));
    for (boolean video : new boolean[] {false, true}) {
      xmpp.handle(Mute.ELEMENT, Mute.namespace(video), "set", conferences::mute);
    }
    xmpp.onPresence(
        p -> {
          if (!registry.presence(p)) {
            conferences.presence(p);
          }
        });
    xmpp.onMessage(conferences::message);
    xmpp.onLogin(
        () -> {
          registry.reset();
          registry.join(xmpp);
          conferences.discoverComponents();
        });
    xmpp.onLost(() -> conferences.stopAll("the focus lost its XMPP connection"));
    xmpp.start();
    if (component != null) {
      component.handle(
          ConferenceIq.ELEMENT, ConferenceIq.NS, iq -> ConferenceIq.handle(conferences, iq));
      component.start(java.time.Duration.ZERO);
    }
    if (config.bridge().healthChecks()) {
      health.start(timer);
    }
    LOG.info(
        "focus started: XMPP {}:{} as {}, component {}, brewery {}, strategy {}, HTTP {}:{}",
        config.xmpp().host(),
        config.xmpp().port(),
        config.xmpp().focusJid(),
        component == null ? "off" : config.xmpp().focusDomain(),
        config.bridge().breweryJid(),
        config.bridge().strategy(),
        config.http().host(),
        httpPort());
  }

  /**
   * Keeps meeting records: every meeting, participation and bridge used from now on goes to the
   * recorder (docs/records.md).
   */
  public void keepRecords(org.huddle.records.Recorder recorder) {
    org.huddle.focus.conference.MeetingRecords.attach(conferences.events(), recorder);
  }

  /**
   * Asks this source which rooms hold a scheduled meeting, for the allocation hook's {@code Email},
   * {@code BeginAt} and {@code EndAt} (docs/records.md, "Scheduling").
   */
  public void useSchedule(ScheduledMeetings source) {
    schedule.use(
        (room, at) ->
            source
                .find(room, at)
                .map(w -> new MeetingSchedule.Window(w.begin(), w.end(), w.organizer())));
  }

  /** Why the focus is not healthy, or empty when it is. */
  public Optional<String> healthProblem() {
    if (!xmpp.isConnected()) {
      return Optional.of("the XMPP client connection is not logged in");
    }
    if (component != null && !component.isAuthenticated()) {
      return Optional.of("the XMPP component " + config.xmpp().focusDomain() + " is not connected");
    }
    if (config.health() && registry.operational().isEmpty()) {
      return Optional.of("no operational videobridge");
    }
    return Optional.empty();
  }

  /** The bound HTTP port. */
  public int httpPort() {
    return ((ServerConnector) http.getConnectors()[0]).getLocalPort();
  }

  public FocusConfig config() {
    return config;
  }

  /** Whether the component is connected (false when none is configured). */
  public boolean isComponentConnected() {
    return component != null && component.isAuthenticated();
  }

  /** Whether the client connection is logged in. */
  public boolean isConnected() {
    return xmpp.isConnected();
  }

  Conferences conferences() {
    return conferences;
  }

  BridgeRegistry registry() {
    return registry;
  }

  JingleRouter jingle() {
    return jingle;
  }

  FocusStats stats() {
    return stats;
  }

  /** Runs the bridge health checks now (tests). */
  void checkBridgesNow() {
    health.checkAll();
  }

  /** Ends every conference, leaves the rooms, closes the connections and the HTTP listener. */
  @Override
  public void close() {
    conferences.stopAll("the focus is stopping");
    workers.shutdown();
    try {
      workers.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    health.close();
    if (component != null) {
      component.close();
    }
    xmpp.close();
    timer.shutdownNow();
    try {
      http.stop();
    } catch (Exception e) {
      LOG.debug("stopping HTTP: {}", e.toString());
    }
  }

  private final class State implements FocusState {
    @Override
    public int conferences() {
      return conferences.count();
    }

    @Override
    public double participants() {
      return conferences.participants();
    }

    @Override
    public int bridges() {
      return registry.all().size();
    }

    @Override
    public int operationalBridges() {
      return registry.operational().size();
    }

    @Override
    public boolean xmppConnected() {
      return xmpp.isConnected();
    }

    @Override
    public FocusStats stats() {
      return stats;
    }

    @Override
    public String healthProblem() {
      return Focus.this.healthProblem().orElse(null);
    }

    @Override
    public JsonNode statsJson() {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.put("conferences", conferences());
      o.put("participants", (long) participants());
      o.put("largest_conference", stats.largestConference.get());
      o.put("total_conferences_created", stats.conferencesCreated.get());
      o.put("total_participants", stats.participantsTotal.get());
      o.put("conference_requests", stats.conferenceRequests.get());
      ObjectNode failures = o.putObject("bridge_failures");
      failures.put("conferences_moved", stats.conferencesMoved.get());
      failures.put("participants_moved", stats.participantsMoved.get());
      failures.put("bridges_removed", registry.lostCount());
      ObjectNode selector = o.putObject("bridge_selector");
      selector.put("bridge_count", bridges());
      selector.put("operational_bridge_count", operationalBridges());
      ObjectNode each = selector.putObject("bridges");
      for (var b : registry.all()) {
        ObjectNode v = each.putObject(b.nick());
        v.put("region", b.region());
        v.put("stress", b.stress());
        v.put("operational", b.operational(config.bridge().failureResetThreshold()));
        v.put("conferences", b.conferences());
        v.put("endpoints", b.endpoints());
      }
      o.put("jingle_sessions", jingle.size());
      o.put("jingle_errors", jingle.errorsSent() + stats.jingleErrors.get());
      o.put("no_bridge_errors", stats.noBridgeErrors.get());
      o.put("session_accept_timeouts", stats.acceptTimeouts.get());
      timing(o.putObject("invite_seconds"), stats.invite);
      timing(o.putObject("move_seconds"), stats.move);
      o.put("xmpp_connected", xmpp.isConnected());
      o.put("xmpp_component_connected", isComponentConnected());
      return o;
    }

    private static void timing(ObjectNode o, FocusStats.Timing t) {
      o.put("count", t.count());
      o.put("average", t.count() == 0 ? 0 : t.totalSeconds() / t.count());
      o.put("max", t.maxSeconds());
    }
  }
}
