package org.huddle.focus;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.huddle.xmpp.server.api.ServerExtension;
import org.huddle.xmpp.server.testing.TestServer;

/** Huddle's own XMPP server in the Jitsi layout, with the focus component enabled. */
final class HuddleDeployment extends Deployment {
  final TestServer server;

  HuddleDeployment() {
    this(Map.of(), List.of());
  }

  /** With more environment (ENABLE_AUTH, ...) and server extensions (the room plugins). */
  HuddleDeployment(Map<String, String> env, List<ServerExtension> extensions) {
    Map<String, String> all = new HashMap<>(env);
    all.put("JICOFO_COMPONENT_SECRET", COMPONENT_SECRET);
    server = TestServer.start(all, null, extensions);
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
