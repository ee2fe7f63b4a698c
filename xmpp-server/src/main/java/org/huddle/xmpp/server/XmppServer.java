package org.huddle.xmpp.server;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.huddle.xmpp.server.api.AuthProvider;
import org.huddle.xmpp.server.api.Options;
import org.huddle.xmpp.server.api.ServerContext;
import org.huddle.xmpp.server.api.ServerExtension;
import org.huddle.xmpp.server.auth.AccountStore;
import org.huddle.xmpp.server.auth.AnonymousAuth;
import org.huddle.xmpp.server.auth.AuthThrottle;
import org.huddle.xmpp.server.auth.InternalHashedAuth;
import org.huddle.xmpp.server.config.ComponentOptions;
import org.huddle.xmpp.server.config.HostConfig;
import org.huddle.xmpp.server.config.OptionCheck;
import org.huddle.xmpp.server.config.XmppConfig;
import org.huddle.xmpp.server.features.component.ComponentDiscovery;
import org.huddle.xmpp.server.features.component.InternalComponent;
import org.huddle.xmpp.server.features.component.InternalComponents;
import org.huddle.xmpp.server.features.component.Polls;
import org.huddle.xmpp.server.features.delivery.Delivery;
import org.huddle.xmpp.server.features.disco.Disco;
import org.huddle.xmpp.server.features.extdisco.ExternalServices;
import org.huddle.xmpp.server.features.extdisco.MeetingServices;
import org.huddle.xmpp.server.features.ping.Ping;
import org.huddle.xmpp.server.features.presence.Presence;
import org.huddle.xmpp.server.features.roster.Roster;
import org.huddle.xmpp.server.features.version.SoftwareVersion;
import org.huddle.xmpp.server.limits.AddressLimits;
import org.huddle.xmpp.server.limits.LimitSettings;
import org.huddle.xmpp.server.metrics.ConnectionLog;
import org.huddle.xmpp.server.metrics.XmppMetrics;
import org.huddle.xmpp.server.muc.MucService;
import org.huddle.xmpp.server.muc.lobby.LobbyRooms;
import org.huddle.xmpp.server.routing.Host;
import org.huddle.xmpp.server.routing.Router;
import org.huddle.xmpp.server.session.ComponentSession;
import org.huddle.xmpp.server.session.SessionContext;
import org.huddle.xmpp.server.session.SessionFeatures;
import org.huddle.xmpp.server.session.SessionObserver;
import org.huddle.xmpp.server.session.StreamManagement;
import org.huddle.xmpp.server.tls.CertificateStore;
import org.huddle.xmpp.server.transport.NetworkBackend;
import org.huddle.xmpp.server.transport.Transports;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The XMPP server role: Prosody's job in a Jitsi deployment. {@link #start} builds the hosts and
 * their features from the config, installs the extensions, opens the listeners and returns once
 * they accept connections.
 */
public final class XmppServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(XmppServer.class);

  private final Context context;
  private final AccountStore accounts;
  private final CertificateStore certificates;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final Transports transports;
  private final Health health;

  private XmppServer(
      Context context,
      AccountStore accounts,
      CertificateStore certificates,
      EventLoopGroup boss,
      EventLoopGroup workers,
      Transports transports,
      Health health) {
    this.context = context;
    this.accounts = accounts;
    this.certificates = certificates;
    this.boss = boss;
    this.workers = workers;
    this.transports = transports;
    this.health = health;
  }

  /**
   * The accounts named in the environment (focus, jvb), checked side by side: each check is a
   * deliberately slow key derivation.
   */
  private static void seedAccounts(AccountStore accounts, List<XmppConfig.AccountSeed> seeds)
      throws Exception {
    try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      List<java.util.concurrent.Future<Boolean>> done = new java.util.ArrayList<>();
      for (XmppConfig.AccountSeed seed : seeds) {
        done.add(pool.submit(() -> accounts.ensure(seed.host(), seed.user(), seed.password())));
      }
      for (int i = 0; i < seeds.size(); i++) {
        XmppConfig.AccountSeed seed = seeds.get(i);
        try {
          boolean written = done.get(i).get();
          LOG.info(
              "account {}@{} {} the environment",
              seed.user(),
              seed.host(),
              written ? "set from" : "matches");
        } catch (java.util.concurrent.ExecutionException e) {
          throw e.getCause() instanceof Exception x ? x : e;
        }
      }
    }
  }

  /** Starts the server with no extensions. */
  public static XmppServer start(XmppConfig config) throws Exception {
    return start(config, List.of());
  }

  /** Starts the server; returns once every listener is bound. */
  public static XmppServer start(XmppConfig config, List<ServerExtension> extensions)
      throws Exception {
    OptionCheck.check(config, extensions.stream().flatMap(e -> e.options().stream()).toList());
    Files.createDirectories(config.dataPath());
    AccountStore accounts =
        new AccountStore(config.dataPath(), config.security().scramIterations());
    seedAccounts(accounts, config.accounts());
    Context context = new Context(config);
    Function<org.huddle.xmpp.server.api.Host, AuthProvider> hashed =
        h ->
            new InternalHashedAuth(
                accounts, context.blocking(), config.security().allowUnencryptedPlain());
    StreamManagement streamManagement =
        new StreamManagement(
            context.router(),
            config.streamManagement().hibernationTime(),
            config.streamManagement().maxQueueSize(),
            context.timer());
    context.authProvider("anonymous", h -> new AnonymousAuth(streamManagement::usernameFor));
    context.authProvider("internal_hashed", hashed);
    context.authProvider("internal_plain", hashed);

    Router router = context.router();
    Disco disco = new Disco(router);
    ComponentSession.Registry components = new ComponentSession.Registry();
    MeetingServices meetingServices =
        new MeetingServices(
            config.externalServices().focusJids(),
            context.mucs::get,
            config.externalServices().ttl());
    List<Host> userHosts = new ArrayList<>();
    List<Host> internalComponents = new ArrayList<>();
    InternalComponents componentModules = InternalComponents.builtIn();
    for (HostConfig hc : config.hosts()) {
      Host host = new Host(hc);
      router.addHost(host);
      if (host.isUserHost()) {
        userHosts.add(host);
        disco.install(host);
        Delivery.install(host, router.sessions());
        Presence.install(host, router);
        Roster.install(host);
        Ping.install(host, disco);
        SoftwareVersion.install(host, disco);
        ExternalServices.install(host, disco, Clock.systemUTC(), meetingServices, router);
        meetingServices.install(host);
      } else if (hc.isMuc()) {
        context.mucs.put(host.name(), MucService.install(host, router, config.admins()));
        if (hc.modules().contains(Polls.MODULE)) {
          context.polls.put(host.name(), Polls.install(host, router));
        }
      } else if (hc.isExternalComponent()) {
        components.install(host);
      } else if (componentModules.provides(hc.module())) {
        internalComponents.add(host); // once every MUC it may watch exists
      } else {
        throw new IllegalArgumentException(
            "component "
                + hc.name()
                + " uses module '"
                + hc.module()
                + "', which Huddle does not provide");
      }
    }
    context.mucs.values().forEach(meetingServices::watch);
    ComponentDiscovery discovery = new ComponentDiscovery();
    for (Host host : internalComponents) {
      context.components.put(
          host.name(),
          componentModules.install(host, context.mucs::get, router, config.admins(), discovery));
    }
    for (Host host : userHosts) {
      InternalComponent breakout =
          componentModules.installBreakoutRooms(
              host, context.mucs::get, router, config.admins(), discovery, context.timer());
      if (breakout != null) {
        context.components.put(breakout.host().name(), breakout);
      }
      installLobby(context, host, discovery);
    }
    for (Host host : userHosts) {
      discovery.advertise(disco, host);
    }
    for (ServerExtension extension : extensions) {
      extension.install(context);
    }
    Map<Host, AuthProvider> auth = new HashMap<>();
    for (Host host : userHosts) {
      String name = host.config().authentication();
      Function<? super Host, ? extends AuthProvider> factory = context.providers.get(name);
      if (factory == null) {
        throw new IllegalArgumentException(
            "host "
                + host.name()
                + ": authentication '"
                + name
                + "' is not available; available: "
                + new TreeSet<>(context.providers.keySet()));
      }
      auth.put(host, factory.apply(host));
    }

    List<String> names = config.hosts().stream().map(HostConfig::name).toList();
    CertificateStore certificates =
        CertificateStore.open(
            config.security().certificate(), config.security().key(), config.dataPath(), names);
    AuthThrottle throttle =
        new AuthThrottle(
            config.security().authFreeFailures(),
            config.security().authFailureWindow(),
            config.security().authFailureDelay(),
            config.security().authFailureMaxDelay(),
            Clock.systemUTC());
    XmppMetrics metrics = new XmppMetrics(context::mucs);
    SessionFeatures features = new SessionFeatures();
    features.add(streamManagement);
    LimitSettings limitSettings = LimitSettings.from(config);
    AddressLimits limits = new AddressLimits(limitSettings, System::nanoTime);
    ConnectionLog connectionLog = new ConnectionLog();
    connectionLog.start(context.timer(), limitSettings.logInterval());
    SessionContext sessions =
        new SessionContext(
            router,
            config,
            auth::get,
            throttle,
            features,
            SessionObserver.both(metrics, connectionLog),
            limits);
    NetworkBackend backend = NetworkBackend.choose(config.networkBackend());
    EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, backend.ioHandlers());
    EventLoopGroup workers =
        new MultiThreadIoEventLoopGroup(config.ioThreads(), backend.ioHandlers());
    Transports transports;
    Health health = new Health(workers, context.healthChecks);
    try {
      transports =
          Transports.start(
              config,
              sessions,
              certificates.serverContext(),
              boss,
              workers,
              backend,
              metrics,
              health::problem,
              components);
      health.transports = transports;
    } catch (Exception e) {
      boss.shutdownGracefully();
      workers.shutdownGracefully();
      context.close();
      throw e;
    }
    LOG.info(
        "XMPP server started: hosts {}; {} network threads ({})",
        names,
        config.ioThreads(),
        backend.name().toLowerCase(java.util.Locale.ROOT));
    return new XmppServer(context, accounts, certificates, boss, workers, transports, health);
  }

  public XmppConfig config() {
    return context.config();
  }

  public Router router() {
    return context.router();
  }

  public AccountStore accounts() {
    return accounts;
  }

  public CertificateStore certificates() {
    return certificates;
  }

  /** The MUC service on this domain, or null. */
  public MucService muc(String domain) {
    return context.muc(domain);
  }

  /** The polls of the MUC service on this domain (its modules_enabled has "polls"), or null. */
  public Polls polls(String domain) {
    return context.polls.get(domain);
  }

  /**
   * Pairs the main MUC with its lobby service when a virtual host enables {@code muc_lobby_rooms}
   * (as docker-jitsi-meet does), once per main MUC, and advertises the lobby to the host's users.
   *
   * @throws IllegalArgumentException when {@code main_muc} or {@code lobby_muc} names no MUC
   *     service of this server
   */
  private static void installLobby(Context context, Host host, ComponentDiscovery discovery) {
    if (!host.config().modules().contains(ComponentOptions.LOBBY_MODULE)) {
      return;
    }
    ComponentOptions c = host.config().components();
    String mainMuc = c.mainMuc().orElse(null);
    String lobbyMuc = c.addresses().get(LobbyRooms.IDENTITY);
    for (String[] named : new String[][] {{"main_muc", mainMuc}, {"lobby_muc", lobbyMuc}}) {
      if (named[1] == null || context.muc(named[1]) == null) {
        throw new IllegalArgumentException(
            "host "
                + host.name()
                + " (module '"
                + ComponentOptions.LOBBY_MODULE
                + "'): "
                + named[0]
                + " must name a MUC component of this server"
                + (named[1] == null ? "" : "; '" + named[1] + "' is not one"));
      }
    }
    LobbyRooms existing = context.lobbies.get(mainMuc);
    if (existing == null) {
      context.lobbies.put(
          mainMuc,
          LobbyRooms.install(
              context.muc(mainMuc),
              context.muc(lobbyMuc),
              c.lobby().knockLimit(),
              c.lobby().knockWindow()));
    } else if (!existing.domain().equals(lobbyMuc)) {
      throw new IllegalArgumentException(
          "host "
              + host.name()
              + ": the rooms of "
              + mainMuc
              + " have their lobbies on "
              + existing.domain()
              + " already, not on "
              + lobbyMuc);
    }
    discovery.provide(lobbyMuc, LobbyRooms.IDENTITY);
  }

  /** The lobbies of a main MUC's rooms ({@code muc_lobby_rooms}), or null. */
  public LobbyRooms lobby(String mainMucDomain) {
    return context.lobbies.get(mainMucDomain);
  }

  /** The internal component on this domain ({@code speakerstats_component}, ...), or null. */
  public InternalComponent component(String domain) {
    return context.components.get(domain);
  }

  /** The port clients connect to (resolved when configured as 0). */
  public int c2sPort() {
    return transports.c2sPort();
  }

  /** The component port (XEP-0114), resolved when configured as 0. */
  public int componentPort() {
    return transports.componentPort();
  }

  /** The HTTP port (BOSH, WebSocket, health, metrics), resolved when configured as 0. */
  public int httpPort() {
    return transports.httpPort();
  }

  /**
   * An address inside this JVM where a Netty local channel reaches a client stream, as on the c2s
   * port but with no socket (for tests). The listener is bound on the first call.
   */
  public java.net.SocketAddress inMemoryC2s() {
    return transports.inMemoryC2s();
  }

  /** As {@link #inMemoryC2s()}, for external components (XEP-0114). */
  public java.net.SocketAddress inMemoryComponent() {
    return transports.inMemoryComponent();
  }

  /** Open BOSH sessions on the HTTP port, whatever state their XMPP session is in. */
  public int boshSessions() {
    return transports.boshSessions();
  }

  /** Null when the server accepts logins; otherwise why it does not. */
  public String healthProblem() {
    return health.problem();
  }

  @Override
  public void close() {
    health.stopping = true;
    transports.close();
    context.close();
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    LOG.info("XMPP server stopped");
  }

  /**
   * Whether the server accepts logins: not stopping, every listener open, and every event loop
   * answering a no-op task within two seconds (a loop stuck in a handler would stall every
   * connection it carries).
   */
  private static final class Health {
    private final EventLoopGroup workers;
    private final List<java.util.function.Supplier<String>> extensions;
    volatile Transports transports;
    volatile boolean stopping;

    Health(EventLoopGroup workers, List<java.util.function.Supplier<String>> extensions) {
      this.workers = workers;
      this.extensions = extensions;
    }

    String problem() {
      if (stopping) {
        return "stopping";
      }
      Transports t = transports;
      if (t == null) {
        return "starting";
      }
      if (!t.accepting()) {
        return "a listener is closed";
      }
      for (var loop : workers) {
        if (!loop.submit(() -> {}).awaitUninterruptibly(2, TimeUnit.SECONDS)) {
          return "an event loop is not answering";
        }
      }
      for (var check : extensions) {
        String problem = check.get();
        if (problem != null) {
          return problem;
        }
      }
      return null;
    }
  }

  /** What extensions see, and what the server closes after its listeners. */
  private static final class Context implements ServerContext, AutoCloseable {
    private final XmppConfig config;
    private final Router router = new Router();
    private final Map<String, MucService> mucs = new HashMap<>();
    private final Map<String, Polls> polls = new HashMap<>();
    private final Map<String, InternalComponent> components = new HashMap<>();
    private final Map<String, LobbyRooms> lobbies = new HashMap<>();
    private final Map<String, Function<? super Host, ? extends AuthProvider>> providers =
        new HashMap<>();
    private final ExecutorService blocking = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("xmpp-timer").unstarted(r));
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<java.util.function.Supplier<String>> healthChecks =
        new java.util.concurrent.CopyOnWriteArrayList<>();

    Context(XmppConfig config) {
      this.config = config;
    }

    XmppConfig config() {
      return config;
    }

    Router router() {
      return router;
    }

    MucService muc(String domain) {
      return mucs.get(domain);
    }

    Collection<MucService> mucs() {
      return List.copyOf(mucs.values());
    }

    @Override
    public Options options() {
      return config.global();
    }

    @Override
    public List<String> admins() {
      return config.admins();
    }

    @Override
    public List<Host> hosts() {
      return config.hosts().stream()
          .map(hc -> router.host(hc.name()))
          .filter(java.util.Objects::nonNull)
          .toList();
    }

    @Override
    public void authProvider(
        String name,
        Function<? super org.huddle.xmpp.server.api.Host, ? extends AuthProvider> factory) {
      providers.put(name, factory);
    }

    @Override
    public ExecutorService blocking() {
      return blocking;
    }

    @Override
    public ScheduledExecutorService timer() {
      return timer;
    }

    @Override
    public void healthCheck(java.util.function.Supplier<String> problem) {
      healthChecks.add(problem);
    }

    @Override
    public synchronized void onClose(AutoCloseable resource) {
      closeables.add(resource);
    }

    @Override
    public synchronized void close() {
      for (AutoCloseable c : closeables) {
        try {
          c.close();
        } catch (Exception e) {
          LOG.warn("error closing {}", c, e);
        }
      }
      timer.shutdownNow();
      blocking.shutdownNow();
    }
  }
}
