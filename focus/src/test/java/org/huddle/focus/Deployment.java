package org.huddle.focus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.huddle.videobridge.Videobridge;
import org.huddle.videobridge.testkit.TestBridges;

/**
 * An XMPP server, bridges and a focus, on 127.0.0.1: the parts a scripted conference needs. The
 * server is Huddle's or a real Prosody (see the implementations).
 */
abstract class Deployment implements AutoCloseable {
  static final String DOMAIN = "meet.jitsi";
  static final String MUC = "muc.meet.jitsi";
  static final String FOCUS_COMPONENT = "focus.meet.jitsi";
  static final String COMPONENT_SECRET = "component-secret-1";
  static final String FOCUS_NICK = "focus";

  final List<Videobridge> bridges = new ArrayList<>();
  Focus focus;

  abstract int c2sPort();

  abstract String focusPassword();

  abstract String jvbPassword();

  /** The focus's settings for this server, with extra HOCON under {@code focus {...}} laid over. */
  FocusConfig focusConfig(String extra) {
    return FocusConfig.fromHocon(
        """
        focus {
          xmpp { host = "127.0.0.1", port = %d, password = "%s", tls = "optional" }
          component { host = "127.0.0.1", port = %d, secret = "%s" }
          http { host = "127.0.0.1", port = 0 }
          conference { session-accept-timeout = 15 seconds }
        }
        """
                .formatted(c2sPort(), focusPassword(), componentPort(), COMPONENT_SECRET)
            + extra);
  }

  abstract int componentPort();

  Focus startFocus(String extra) throws Exception {
    focus = Focus.start(focusConfig(extra));
    Await.until("the focus logs in", Duration.ofSeconds(20), focus::isConnected);
    return focus;
  }

  /** Starts a bridge that joins the brewery as {@code nick}. */
  Videobridge startBridge(String nick) throws Exception {
    Videobridge b =
        TestBridges.start(
            """
            videobridge.xmpp {
              enabled = true, host = "127.0.0.1", port = %d, domain = "auth.meet.jitsi"
              username = "jvb", password = "%s", brewery-muc = "jvbbrewery"
              internal-muc-domain = "internal-muc.meet.jitsi", nickname = "%s"
              presence-interval = 1 second, reconnect-delay = 1 second
            }
            videobridge.websockets.server-id = "%s"
            """
                .formatted(c2sPort(), jvbPassword(), nick, nick));
    bridges.add(b);
    Await.until("bridge " + nick + " joins the brewery", Duration.ofSeconds(20), b::isXmppJoined);
    return b;
  }

  /** Waits until the focus sees {@code n} operational bridges. */
  void awaitBridges(int n) {
    Await.until(
        "the focus sees " + n + " bridges",
        Duration.ofSeconds(20),
        () -> focus.registry().operational().size() == n);
  }

  Videobridge bridge(String nick) {
    return bridges.stream().filter(b -> nick.equals(b.breweryNickname())).findFirst().orElseThrow();
  }

  @Override
  public void close() throws Exception {
    if (focus != null) {
      focus.close();
    }
    for (Videobridge b : bridges) {
      b.close();
    }
    closeServer();
  }

  abstract void closeServer() throws Exception;
}
