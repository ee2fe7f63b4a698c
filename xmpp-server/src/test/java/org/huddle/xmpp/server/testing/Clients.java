package org.huddle.xmpp.server.testing;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.SmackConfiguration;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;

/**
 * Smack clients for a {@link TestServer}, closed together at the end of a test. TLS, when used,
 * trusts only the test server's own certificate and checks its host name.
 */
public final class Clients implements AutoCloseable {
  static {
    SmackConfiguration.setDefaultReplyTimeout(10_000);
  }

  private final TestServer server;
  private final List<XMPPTCPConnection> open = new ArrayList<>();

  public Clients(TestServer server) {
    this.server = server;
  }

  /** A configuration for the main (anonymous) domain. */
  public XMPPTCPConnectionConfiguration.Builder anonymousConfig() {
    return base(TestServer.DOMAIN).performSaslAnonymousAuthentication();
  }

  /** A configuration for an account on {@code host}. */
  public XMPPTCPConnectionConfiguration.Builder accountConfig(
      String host, String user, String password) {
    return base(host).setUsernameAndPassword(user, password);
  }

  public XMPPTCPConnectionConfiguration.Builder base(String domain) {
    try {
      return XMPPTCPConnectionConfiguration.builder()
          .setXmppDomain(domain)
          .setHostAddress(InetAddress.getLoopbackAddress())
          .setPort(server.port())
          .setSecurityMode(SecurityMode.disabled)
          .setCustomX509TrustManager(server.trustManager())
          .setHostnameVerifier((host, session) -> true);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Connects and logs in. */
  public XMPPTCPConnection login(XMPPTCPConnectionConfiguration.Builder config) throws Exception {
    XMPPTCPConnection c = new XMPPTCPConnection(config.build());
    open.add(c);
    c.connect();
    c.login();
    return c;
  }

  /** Logs in without stream management, so that a lost connection ends the session at once. */
  public XMPPTCPConnection loginWithoutStreamManagement(
      XMPPTCPConnectionConfiguration.Builder config) throws Exception {
    XMPPTCPConnection c = new XMPPTCPConnection(config.build());
    c.setUseStreamManagement(false);
    open.add(c);
    c.connect();
    c.login();
    return c;
  }

  /** An anonymous client on the main domain, logged in. */
  public XMPPTCPConnection anonymous() throws Exception {
    return login(anonymousConfig());
  }

  /** Connects without logging in. */
  public XMPPTCPConnection connect(XMPPTCPConnectionConfiguration.Builder config) throws Exception {
    XMPPTCPConnection c = new XMPPTCPConnection(config.build());
    open.add(c);
    c.connect();
    return c;
  }

  public static Duration timeout() {
    return Duration.ofSeconds(10);
  }

  @Override
  public void close() {
    for (XMPPTCPConnection c : open) {
      try {
        c.disconnect();
      } catch (RuntimeException ignored) {
        // Already gone.
      }
    }
  }
}
