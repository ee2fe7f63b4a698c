package org.huddle.focus;

import java.util.List;
import java.util.Map;
import org.huddle.xmpp.server.testing.TestServer;

/** Huddle's own XMPP server in the Jitsi layout, with the focus component enabled. */
final class HuddleDeployment extends Deployment {
  final TestServer server;

  HuddleDeployment() {
    server = TestServer.start(Map.of("JICOFO_COMPONENT_SECRET", COMPONENT_SECRET), null, List.of());
  }

  @Override
  int c2sPort() {
    return server.port();
  }

  @Override
  int componentPort() {
    return server.componentPort();
  }

  @Override
  String focusPassword() {
    return TestServer.FOCUS_PASSWORD;
  }

  @Override
  String jvbPassword() {
    return TestServer.JVB_PASSWORD;
  }

  @Override
  void closeServer() {
    server.close();
  }
}
