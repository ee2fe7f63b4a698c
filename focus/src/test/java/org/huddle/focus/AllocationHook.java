package org.huddle.focus;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An allocateserver on 127.0.0.1 for the HTTP selection strategy: answers every query with the same
 * JSON (e.g. {@code {"sfu": name}}) and records each query string.
 */
final class AllocationHook implements AutoCloseable {
  private final HttpServer server;
  final List<String> queries = new CopyOnWriteArrayList<>();

  AllocationHook(String answer) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/allocate",
        ex -> {
          queries.add(ex.getRequestURI().getRawQuery());
          byte[] body = answer.getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/allocate";
  }

  /** The focus settings that select bridges through this hook. */
  String focusConfig() {
    return "focus.bridge { selection-strategy = http, allocation-url = \"" + url() + "\" }";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
