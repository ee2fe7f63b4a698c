package org.huddle.auth.plugins.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * A real Redis on loopback for tests: the one at {@code HUDDLE_TEST_REDIS_URL}, else the usual
 * 127.0.0.1:6379 when it answers, else a {@code redis-server} started here on a free port (and
 * stopped at the end). Each test gets its own key prefix and its keys are deleted afterwards.
 */
public final class TestRedis implements AutoCloseable {
  private static TestRedis shared;

  private final String host;
  private final int port;
  private final Process started;

  private TestRedis(String host, int port, Process started) {
    this.host = host;
    this.port = port;
    this.started = started;
  }

  /** The Redis for this test run, found or started once. */
  public static synchronized TestRedis get() {
    if (shared == null) {
      shared = find();
      if (shared.started != null) {
        Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
      }
    }
    return shared;
  }

  private static TestRedis find() {
    String url = System.getenv("HUDDLE_TEST_REDIS_URL");
    if (url != null && !url.isBlank()) {
      java.net.URI u = java.net.URI.create(url);
      return new TestRedis(u.getHost(), u.getPort() < 0 ? 6379 : u.getPort(), null);
    }
    if (answers("127.0.0.1", 6379)) {
      return new TestRedis("127.0.0.1", 6379, null);
    }
    try {
      int port;
      try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        port = s.getLocalPort();
      }
      Path dir = Files.createTempDirectory("huddle-test-redis");
      Process p =
          new ProcessBuilder(
                  "redis-server",
                  "--port",
                  Integer.toString(port),
                  "--bind",
                  "127.0.0.1",
                  "--save",
                  "",
                  "--appendonly",
                  "no",
                  "--dir",
                  dir.toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("redis.log").toFile())
              .start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < deadline && !answers("127.0.0.1", port)) {
        Thread.sleep(50);
      }
      if (!answers("127.0.0.1", port)) {
        p.destroy();
        throw new IllegalStateException("redis-server did not answer on port " + port);
      }
      return new TestRedis("127.0.0.1", port, p);
    } catch (IOException e) {
      throw new IllegalStateException(
          "these tests need Redis: none answers on 127.0.0.1:6379 and redis-server could not be"
              + " started (apt-get install redis-server)",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static boolean answers(String host, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 500);
      s.setSoTimeout(1000);
      OutputStream out = s.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] b = new byte[7];
      int n = in.readNBytes(b, 0, 7);
      return new String(b, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public String url() {
    return "redis://" + host + ":" + port;
  }

  /** A fresh key prefix for one test. */
  public static String newPrefix() {
    return "huddle-test-" + UUID.randomUUID() + ":";
  }

  /** A direct client, for looking at what the code under test stored. */
  public UnifiedJedis client() {
    return RedisClient.create(host, port);
  }

  /** Deletes every key under the prefix. */
  public void clean(String prefix) {
    try (UnifiedJedis j = client()) {
      String cursor = ScanParams.SCAN_POINTER_START;
      do {
        ScanResult<String> r = j.scan(cursor, new ScanParams().match(prefix + "*").count(500));
        if (!r.getResult().isEmpty()) {
          j.del(r.getResult().toArray(String[]::new));
        }
        cursor = r.getCursor();
      } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    }
  }

  @Override
  public void close() {
    if (started != null) {
      started.destroy();
    }
  }
}
