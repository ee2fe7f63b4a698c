package org.huddle.xmpp.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.huddle.common.config.Settings;
import org.huddle.xmpp.server.XmppServer;
import org.huddle.xmpp.server.config.XmppConfig;
import org.huddle.xmpp.server.config.XmppConfigLoader;

/**
 * A real Huddle XMPP server for one test class: bound to 127.0.0.1 on free ports, with its own data
 * directory, the Jitsi host layout, accounts {@code focus} and {@code jvb} on {@code
 * auth.meet.jitsi}, and plain c2s allowed ({@code c2s_require_encryption = false}; a test may set
 * it back).
 */
public final class TestServer implements AutoCloseable {
  public static final String DOMAIN = "meet.jitsi";
  public static final String AUTH = "auth.meet.jitsi";
  public static final String MUC = "muc.meet.jitsi";
  public static final String FOCUS_PASSWORD = "focus-secret-1";
  public static final String JVB_PASSWORD = "jvb-secret-1";

  private final XmppServer server;
  private final Path dataDir;

  private TestServer(XmppServer server, Path dataDir) {
    this.server = server;
    this.dataDir = dataDir;
  }

  /** The default test server. */
  public static TestServer start() {
    return start(Map.of(), null);
  }

  /**
   * A test server with extra environment variables and, optionally, a Prosody-style config file's
   * text.
   */
  public static TestServer start(Map<String, String> extraEnv, String configText) {
    return start(extraEnv, configText, java.util.List.of());
  }

  /** A test server with extensions installed (plugins, auth providers). */
  public static TestServer start(
      Map<String, String> extraEnv,
      String configText,
      java.util.List<org.huddle.xmpp.server.api.ServerExtension> extensions) {
    try {
      Path dir = Files.createTempDirectory("huddle-xmpp-test");
      Map<String, String> env = new HashMap<>();
      env.put("HUDDLE_BIND_ADDRESS", "127.0.0.1");
      env.put("XMPP_PORT", "0");
      env.put("XMPP_COMPONENT_PORT", "0");
      env.put("PROSODY_HTTP_PORT", "0");
      env.put("HUDDLE_DATA_PATH", dir.toString());
      env.put("JICOFO_AUTH_PASSWORD", FOCUS_PASSWORD);
      env.put("JVB_AUTH_PASSWORD", JVB_PASSWORD);
      // Smack clients in the tests log in over plain TCP; the default (true) is tested where it
      // matters, with PROSODY_C2S_REQUIRE_ENCRYPTION=1 or STARTTLS.
      env.put("PROSODY_C2S_REQUIRE_ENCRYPTION", "false");
      // Jitsi's components send every joiner a message; the tests of other features read their
      // transcripts without them. Tests of the components turn them on.
      env.put("HUDDLE_JITSI_COMPONENTS", "false");
      env.putAll(extraEnv);
      Settings.Env e = Settings.Env.of(env);
      XmppConfig config =
          configText == null
              ? XmppConfigLoader.load(Optional.empty(), e)
              : XmppConfigLoader.load(configText, e);
      return new TestServer(XmppServer.start(config, extensions), dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("the test server did not start: " + e, e);
    }
  }

  public XmppServer server() {
    return server;
  }

  /** Creates an account (or sets its password), as {@code huddle user add} does. */
  public void account(String host, String user, String password) throws java.io.IOException {
    server.accounts().put(host, user, password);
  }

  public int port() {
    return server.c2sPort();
  }

  /** The component port (XEP-0114). */
  public int componentPort() {
    return server.componentPort();
  }

  /** The HTTP port: BOSH at /http-bind, WebSocket at /xmpp-websocket, /about/health, /metrics. */
  public int httpPort() {
    return server.httpPort();
  }

  public Path dataDir() {
    return dataDir;
  }

  /** A trust manager that trusts exactly this server's certificate. */
  public X509TrustManager trustManager() {
    try {
      X509Certificate cert = server.certificates().x509();
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      ks.setCertificateEntry("huddle", cert);
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      return (X509TrustManager) tmf.getTrustManagers()[0];
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
