package org.huddle.videobridge.testkit;

import org.huddle.videobridge.Videobridge;
import org.huddle.videobridge.VideobridgeConfig;

/** Bridges for tests: loopback only, free ports, no XMPP unless asked. */
public final class TestBridges {
  private TestBridges() {}

  /** The config for a loopback bridge, with extra HOCON (under "videobridge {...}") laid over. */
  public static VideobridgeConfig config(String extraHocon) {
    return VideobridgeConfig.fromHocon(
        """
        videobridge {
          ice { udp-port = 0, tcp-port = 0, bind-address = "127.0.0.1" }
          http { public-host = "127.0.0.1", public-port = 0, private-host = "127.0.0.1", private-port = 0 }
          websockets { domain = "127.0.0.1", tls = false, server-id = "jvb1" }
          rest { shutdown-enabled = true, graceful-shutdown-max-duration = 5 seconds, token = "test-token" }
          xmpp { enabled = false }
        }
        """
            + extraHocon);
  }

  /** Starts a loopback bridge without XMPP. */
  public static Videobridge start(String extraHocon) throws Exception {
    return Videobridge.start(config(extraHocon));
  }
}
