package org.huddle.auth.plugins.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.huddle.auth.plugins.LuaPlugins;
import org.huddle.common.config.Settings.Env;
import org.huddle.xmpp.server.testing.Clients;
import org.huddle.xmpp.server.testing.TestServer;
import org.huddle.xmpp.server.testing.WsClient;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.jivesoftware.smackx.xdata.form.Form;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * A real XMPP server with the Lua plugins installed (the Jitsi host layout, on loopback), and the
 * Smack clients of one test.
 */
public final class PluginServer implements AutoCloseable {
  public static final String MUC = TestServer.MUC;

  private final TestServer server;
  private final LuaPlugins plugins;
  private final Clients clients;
  private final List<WsClient> sockets = new java.util.concurrent.CopyOnWriteArrayList<>();

  private PluginServer(TestServer server, LuaPlugins plugins) {
    this.server = server;
    this.plugins = plugins;
    this.clients = new Clients(server);
  }

  /**
   * Starts a server.
   *
   * @param env environment variables (both the server's and the plugins')
   * @param configText global options in Prosody's syntax, or null
   * @param pluginDir an extra plugin folder, or null for the shipped plugins only
   */
  public static PluginServer start(Map<String, String> env, String configText, Path pluginDir) {
    return start(env, configText, pluginDir, Clock.systemUTC());
  }

  /** As {@link #start(Map, String, Path)}, with the clock token checks use. */
  public static PluginServer start(
      Map<String, String> env, String configText, Path pluginDir, Clock clock) {
    Map<String, String> all = new HashMap<>(env);
    LuaPlugins plugins = LuaPlugins.extension(pluginDir, Env.of(all), clock);
    return new PluginServer(TestServer.start(all, configText, List.of(plugins)), plugins);
  }

  /** A WebSocket client on {@code /xmpp-websocket?token=...}, not logged in yet. */
  public WsClient webSocket(String token) {
    WsClient ws = WsClient.connect(server.httpPort(), token == null ? "" : "?token=" + token);
    sockets.add(ws);
    return ws;
  }

  /**
   * Sends a MUC join over WebSocket and returns the room's answer: the self-presence, or the error.
   */
  public static String join(WsClient ws, String room, String nick) throws InterruptedException {
    String occupant = room + "@" + MUC + "/" + nick;
    ws.send(
        "<presence xmlns='jabber:client' to='"
            + occupant
            + "'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
    return ws.next("from='" + occupant + "'");
  }

  public TestServer server() {
    return server;
  }

  public LuaPlugins plugins() {
    return plugins;
  }

  public Clients clients() {
    return clients;
  }

  public XMPPTCPConnection anonymous() throws Exception {
    return clients.anonymous();
  }

  /**
   * A guest whose connection comes from another loopback address (the whole of 127.0.0.0/8 is
   * local), so that the server sees another client address.
   */
  public XMPPTCPConnection anonymousFrom(String loopbackAddress) throws Exception {
    InetAddress local = InetAddress.getByName(loopbackAddress);
    return clients.login(
        clients
            .anonymousConfig()
            .setSocketFactory(
                new javax.net.SocketFactory() {
                  @Override
                  public java.net.Socket createSocket() throws java.io.IOException {
                    java.net.Socket s = new java.net.Socket();
                    s.bind(new java.net.InetSocketAddress(local, 0));
                    return s;
                  }

                  @Override
                  public java.net.Socket createSocket(String host, int port) {
                    throw new UnsupportedOperationException("Smack connects an unconnected socket");
                  }

                  @Override
                  public java.net.Socket createSocket(
                      String host, int port, InetAddress localHost, int localPort) {
                    throw new UnsupportedOperationException("Smack connects an unconnected socket");
                  }

                  @Override
                  public java.net.Socket createSocket(InetAddress host, int port) {
                    throw new UnsupportedOperationException("Smack connects an unconnected socket");
                  }

                  @Override
                  public java.net.Socket createSocket(
                      InetAddress address, int port, InetAddress localAddress, int localPort) {
                    throw new UnsupportedOperationException("Smack connects an unconnected socket");
                  }
                }));
  }

  /** The focus, a server admin. */
  public XMPPTCPConnection focus() throws Exception {
    return clients.login(
        clients.accountConfig(TestServer.AUTH, "focus", TestServer.FOCUS_PASSWORD));
  }

  public static MultiUserChat muc(XMPPTCPConnection c, String room) throws Exception {
    return MultiUserChatManager.getInstanceFor(c)
        .getMultiUserChat(JidCreate.entityBareFrom(room + "@" + MUC));
  }

  public static Presence join(MultiUserChat muc, String nick) throws Exception {
    return muc.join(muc.getEnterConfigurationBuilder(Resourcepart.from(nick)).build());
  }

  public static Presence join(MultiUserChat muc, String nick, String password) throws Exception {
    return muc.join(
        muc.getEnterConfigurationBuilder(Resourcepart.from(nick)).withPassword(password).build());
  }

  /** Runs a join that must be refused, and returns the stanza error it got. */
  public static StanzaError refused(ThrowingCallable join) {
    AtomicReference<StanzaError> error = new AtomicReference<>();
    assertThatThrownBy(join)
        .isInstanceOfSatisfying(XMPPErrorException.class, e -> error.set(e.getStanzaError()));
    return error.get();
  }

  /** Asserts the refusal's condition and returns its text. */
  public static String refusedWith(StanzaError.Condition condition, ThrowingCallable join) {
    StanzaError e = refused(join);
    assertThat(e.getCondition()).isEqualTo(condition);
    return e.getDescriptiveText();
  }

  public static void configure(MultiUserChat muc, Consumer<FillableForm> fill) throws Exception {
    Form form = muc.getConfigurationForm();
    FillableForm f = form.getFillableForm();
    fill.accept(f);
    muc.sendConfigurationForm(f);
  }

  /** Sets a room password through the owner's configuration form. */
  public static void setPassword(MultiUserChat owner, String password) throws Exception {
    configure(
        owner,
        f -> {
          f.setAnswer("muc#roomconfig_passwordprotectedroom", true);
          f.setAnswer("muc#roomconfig_roomsecret", password);
        });
  }

  @Override
  public void close() {
    sockets.forEach(WsClient::close);
    clients.close();
    server.close();
  }
}
