package org.huddle.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.huddle.common.config.Settings.Env;
import org.huddle.focus.FocusConfig;
import org.huddle.focus.xmpp.XmppClient;
import org.huddle.videobridge.VideobridgeConfig;
import org.huddle.videobridge.xmpp.XmppControl;
import org.huddle.xmpp.codec.Jid;
import org.huddle.xmpp.server.XmppServer;
import org.huddle.xmpp.server.config.XmppConfigLoader;
import org.huddle.xmpp.server.routing.LocalSession;
import org.huddle.xmpp.server.session.C2sSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `huddle all` and local deployments start the XMPP server with its defaults, which require
 * STARTTLS on c2s (as Prosody). The focus and the bridge log in there with their own defaults:
 * STARTTLS when offered, and the server's self-signed certificate accepted.
 */
class InternalClientsTest {
  @TempDir Path data;

  @Test
  void theFocusAndTheBridgeLogInOverStartTlsWithEveryDefault() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("HUDDLE_BIND_ADDRESS", "127.0.0.1");
    env.put("XMPP_PORT", "0");
    env.put("XMPP_COMPONENT_PORT", "0");
    env.put("PROSODY_HTTP_PORT", "0");
    env.put("HUDDLE_DATA_PATH", data.toString());
    env.put("JICOFO_AUTH_PASSWORD", "focus-pw-1");
    env.put("JVB_AUTH_PASSWORD", "jvb-pw-1");
    env.put("XMPP_SERVER", "127.0.0.1");
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try (XmppServer xmpp = XmppServer.start(XmppConfigLoader.load(Optional.empty(), Env.of(env)))) {
      assertThat(xmpp.config().security().requireEncryption()).isTrue();
      Env roles = Env.of(AllCommand.focusEnvironment(env, xmpp));
      XmppClient focus = new XmppClient(FocusConfig.fromEnvironment(roles).xmpp(), scheduler);
      XmppControl bridge =
          new XmppControl(
              VideobridgeConfig.fromEnvironment(roles).xmpp(),
              null,
              Map::of,
              () -> true,
              scheduler);
      try {
        focus.start();
        bridge.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!(focus.isConnected() && bridge.isJoined()) && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        assertThat(focus.isConnected()).as("the focus logged in").isTrue();
        assertThat(bridge.isJoined()).as("the bridge logged in and joined its brewery").isTrue();
        for (String account : new String[] {"focus@auth.meet.jitsi", "jvb@auth.meet.jitsi"}) {
          var sessions = xmpp.router().sessions().resources(Jid.of(account));
          assertThat(sessions).as(account).isNotEmpty();
          for (LocalSession s : sessions) {
            assertThat(((C2sSession) s).connection().secure()).as(account + " over TLS").isTrue();
          }
        }
      } finally {
        bridge.close();
        focus.close();
      }
    } finally {
      scheduler.shutdownNow();
    }
  }
}
