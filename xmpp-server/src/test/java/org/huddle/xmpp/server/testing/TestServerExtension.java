package org.huddle.xmpp.server.testing;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.huddle.xmpp.server.api.ServerExtension;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link TestServer} for a test class, registered as a static field (as an instance field, it
 * starts a server for each test, for tests that leave hooks behind):
 *
 * <pre>{@code
 * @RegisterExtension static final TestServerExtension server = TestServerExtension.standard();
 * }</pre>
 *
 * <p>The server starts before the class's first test and stops after its last, {@code @Nested}
 * classes included. Each test gets fresh {@link #clients() Smack clients} and a fresh {@link
 * #transcript() transcript}, closed after it.
 */
public final class TestServerExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  private final Supplier<Map<String, String>> env;
  private final String configText;
  private final List<ServerExtension> extensions;
  private TestServer server;
  private String owner;
  private boolean perTest;
  private Clients clients;
  private Transcript transcript;

  private TestServerExtension(
      Supplier<Map<String, String>> env, String configText, List<ServerExtension> extensions) {
    this.env = env;
    this.configText = configText;
    this.extensions = extensions;
  }

  /** The default {@link TestServer}. */
  public static TestServerExtension standard() {
    return new TestServerExtension(Map::of, null, List.of());
  }

  /** A test server with extra environment variables and, optionally, Prosody config text. */
  public static TestServerExtension with(Map<String, String> env, String configText) {
    return new TestServerExtension(() -> env, configText, List.of());
  }

  /**
   * A test server whose environment is computed just before it starts, after whatever it names (a
   * TURN server's port) has started.
   */
  public static TestServerExtension with(Supplier<Map<String, String>> env, String configText) {
    return new TestServerExtension(env, configText, List.of());
  }

  /** A test server with extensions installed. */
  public static TestServerExtension with(
      Map<String, String> env, String configText, List<ServerExtension> extensions) {
    return new TestServerExtension(() -> env, configText, extensions);
  }

  /**
   * A test server that listens on no socket at all (its c2s, component and HTTP ports are off):
   * clients reach it only through its in-memory listener, with {@link #transcript()}.
   */
  public static TestServerExtension inMemory() {
    return inMemory(Map::of, null);
  }

  /** As {@link #inMemory()}, with extra environment variables and Prosody config text. */
  public static TestServerExtension inMemory(Map<String, String> env, String configText) {
    return inMemory(() -> env, configText);
  }

  /** As {@link #inMemory()}, with an environment computed just before the server starts. */
  public static TestServerExtension inMemory(Supplier<Map<String, String>> env, String configText) {
    Supplier<Map<String, String>> noPorts =
        () -> {
          Map<String, String> all = new java.util.HashMap<>(env.get());
          all.put("XMPP_PORT", "-1"); // a negative port turns a listener off
          all.put("XMPP_COMPONENT_PORT", "-1");
          all.put("PROSODY_HTTP_PORT", "-1");
          return all;
        };
    return new TestServerExtension(noPorts, configText, List.of());
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (server == null) { // @Nested classes inherit the extension: the outermost class owns it
      server = TestServer.start(env.get(), configText, extensions);
      owner = context.getUniqueId();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (context.getUniqueId().equals(owner)) {
      server.close();
      server = null;
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (server == null) { // an instance field: a server for each test
      server = TestServer.start(env.get(), configText, extensions);
      perTest = true;
    }
    clients = new Clients(server);
    transcript = new Transcript(server);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    transcript.close();
    clients.close();
    if (perTest) {
      server.close();
      server = null;
    }
  }

  /** The server, while the class runs. */
  public TestServer server() {
    return server;
  }

  /** This test's Smack clients (over TCP). */
  public Clients clients() {
    return clients;
  }

  /** This test's transcript (in memory). */
  public Transcript transcript() {
    return transcript;
  }
}
