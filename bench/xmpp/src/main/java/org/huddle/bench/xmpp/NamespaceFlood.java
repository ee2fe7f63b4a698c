package org.huddle.bench.xmpp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario {@code nsflood} (issue 13, parser cost): how another client's ping round trip fares
 * while attackers send namespace-heavy XML. A few bystanders, logged in first, ping the server
 * (XEP-0199) on a fixed schedule and record each round trip from the ping's intended send time, so
 * a stalled server cannot hide behind pings it delayed. Phases of equal length:
 *
 * <ol>
 *   <li>{@code quiet}: no attacker, for reference;
 *   <li>{@code bomb}: each attacker opens a stream and, before logging in, sends one element with
 *       {@code declarations} namespace declarations (11,000 fit in a 256 KiB stanza), waits until
 *       the server closes the stream, and starts over on a new connection;
 *   <li>{@code names}: the same, with a stanza of 30,000 element names never seen before (Aalto's
 *       symbol table slows down as it fills);
 *   <li>{@code heavy}: each attacker logs in and sends legal stanzas as fast as the server reads
 *       them: an IQ result to the server with 60 elements of 60 declarations each (inside the
 *       default limits of 64 per element and 4,096 per stanza).
 * </ol>
 *
 * Every loop is bounded by the phase's time and by a count; everything runs on 127.0.0.1.
 */
final class NamespaceFlood {
  private static final Logger log = LoggerFactory.getLogger(NamespaceFlood.class);

  /**
   * @param pingers bystanders pinging the server; connections alternate between the server's event
   *     loops, so with more than one some share a loop with each attacker
   * @param intervalMs time between one bystander's pings
   * @param attackers attacking connections at a time
   * @param declarations namespace declarations in one bomb element
   * @param seconds length of each phase
   * @param maxBombs bomb connections per phase, at most
   * @param timeoutMs how long a client waits for any answer
   */
  record Settings(
      int pingers,
      int intervalMs,
      int attackers,
      int declarations,
      int seconds,
      int maxBombs,
      int timeoutMs) {}

  private final Settings settings;
  private final ServerProcess server;
  private final BiConsumer<String, Double> put;

  NamespaceFlood(Settings settings, ServerProcess server, BiConsumer<String, Double> put) {
    this.settings = settings;
    this.server = server;
    this.put = put;
  }

  void run(List<String> phases) throws Exception {
    for (String phase : phases) {
      log.info("{}: nsflood phase {}", server.name, phase);
      try (Pingers pingers = new Pingers()) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.seconds);
        Thread attack =
            switch (phase) {
              case "quiet" -> null;
              case "bomb" ->
                  Thread.ofPlatform().name("bombs").start(() -> bombs(end, phase, declarations()));
              case "names" ->
                  Thread.ofPlatform().name("bombs").start(() -> bombs(end, phase, madeUpNames()));
              case "heavy" -> Thread.ofPlatform().name("heavy").start(() -> heavy(end));
              default -> throw new IllegalArgumentException("unknown nsflood phase " + phase);
            };
        pingers.run(end);
        if (attack != null) {
          attack.join(2L * settings.timeoutMs + 5_000);
        }
        pingers.report("6 nsflood " + phase);
      }
    }
  }

  // ---------------------------------------------------------------- the bystanders

  /** The bystanders of one phase: logged in before the attack starts, ping until it ends. */
  private final class Pingers implements AutoCloseable {
    private final ConcurrentLinkedQueue<long[]> samples = new ConcurrentLinkedQueue<>();
    private final AtomicInteger unanswered = new AtomicInteger();
    private final List<XmppClient> clients = new ArrayList<>();

    Pingers() throws IOException {
      try {
        for (int i = 0; i < settings.pingers; i++) {
          clients.add(
              XmppClient.login(server.c2sPort, false, ServerProcess.DOMAIN, settings.timeoutMs));
        }
      } catch (IOException e) {
        close();
        throw e;
      }
    }

    void run(long end) throws InterruptedException {
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < clients.size(); i++) {
        XmppClient c = clients.get(i);
        int index = i;
        threads.add(Thread.ofPlatform().name("pinger-" + i).start(() -> ping(c, index, end)));
      }
      for (Thread t : threads) {
        t.join();
      }
    }

    @Override
    public void close() {
      clients.forEach(XmppClient::close);
    }

    private void ping(XmppClient c, int index, long end) {
      long interval = TimeUnit.MILLISECONDS.toNanos(settings.intervalMs);
      // Stagger the bystanders so that their pings do not all leave at once.
      long due = System.nanoTime() + index * interval / settings.pingers;
      long[] mine = new long[(int) (TimeUnit.SECONDS.toNanos(settings.seconds) / interval) + 2];
      int n = 0;
      try {
        for (int k = 0; due < end && n < mine.length; k++, due += interval) {
          long now;
          while ((now = System.nanoTime()) < due) {
            LockSupport.parkNanos(due - now);
          }
          String id = "p" + index + "-" + k;
          c.send(
              "<iq type='get' id='"
                  + id
                  + "' to='"
                  + ServerProcess.DOMAIN
                  + "'>"
                  + "<ping xmlns='urn:xmpp:ping'/></iq>");
          if (!awaitAnswer(c, id)) {
            unanswered.incrementAndGet();
            break;
          }
          mine[n++] = System.nanoTime() - due;
        }
      } catch (IOException e) {
        unanswered.incrementAndGet();
        log.warn("{}: pinger {} failed: {}", server.name, index, e.toString());
      }
      long[] done = Arrays.copyOf(mine, n);
      samples.add(done);
      if (n > 0) {
        long[] sorted = done.clone();
        Arrays.sort(sorted);
        log.info(
            "{}: pinger {}: {} pings, p50 {} ms, p99 {} ms, max {} ms",
            server.name,
            index,
            n,
            pct(sorted, 0.5),
            pct(sorted, 0.99),
            sorted[n - 1] / 1e6);
      }
    }

    private boolean awaitAnswer(XmppClient c, String id) throws IOException {
      String marker = "id='" + id + "'";
      String marker2 = "id=\"" + id + "\"";
      for (int i = 0; i < 1000; i++) {
        String s = c.next();
        if (s == null) {
          return false;
        }
        if (s.startsWith("<iq") && (s.contains(marker) || s.contains(marker2))) {
          return true;
        }
      }
      return false;
    }

    void report(String what) {
      long[] all = samples.stream().flatMapToLong(Arrays::stream).sorted().toArray();
      put.accept(what + ": ping round trips", (double) all.length);
      if (all.length > 0) {
        put.accept(what + ": ping p50 ms", pct(all, 0.50));
        put.accept(what + ": ping p99 ms (lower is better)", pct(all, 0.99));
        put.accept(what + ": ping max ms", all[all.length - 1] / 1e6);
      }
      if (unanswered.get() > 0) {
        put.accept(what + ": bystanders that lost their answer", (double) unanswered.get());
      }
    }
  }

  private static double pct(long[] sorted, double p) {
    int i = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
    return sorted[Math.max(0, i)] / 1e6;
  }

  // ---------------------------------------------------------------- the attackers

  /** One element with {@code declarations} namespace declarations. */
  private String declarations() {
    StringBuilder sb = new StringBuilder("<presence><x");
    for (int i = 0; i < settings.declarations; i++) {
      sb.append(" xmlns:p").append(i).append("='urn:p'");
    }
    return sb.append("/></presence>").toString();
  }

  /** A stanza of about 250 KB made of element names never seen before (30,000 of them). */
  private static String madeUpNames() {
    StringBuilder sb = new StringBuilder("<message>");
    for (int i = 0; i < 30_000; i++) {
      sb.append("<n").append(i).append("/>");
    }
    return sb.append("</message>").toString();
  }

  /** Sends {@code bomb} before logging in, on a new connection each time the server closes one. */
  private void bombs(long end, String phase, String bomb) {
    AtomicInteger left = new AtomicInteger(settings.maxBombs);
    LongAdder sent = new LongAdder();
    LongAdder answeredNanos = new LongAdder();
    LongAdder answered = new LongAdder();
    LongAdder policy = new LongAdder();
    List<Thread> threads = new ArrayList<>();
    for (int a = 0; a < settings.attackers; a++) {
      threads.add(
          Thread.ofPlatform()
              .name("bomber-" + a)
              .start(
                  () -> {
                    while (System.nanoTime() < end && left.getAndDecrement() > 0) {
                      try (XmppClient c =
                          XmppClient.connect(
                              server.c2sPort, false, ServerProcess.DOMAIN, settings.timeoutMs)) {
                        c.send(
                            "<?xml version='1.0'?><stream:stream to='"
                                + ServerProcess.DOMAIN
                                + "' xmlns='jabber:client'"
                                + " xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>");
                        long t0 = System.nanoTime();
                        c.send(bomb);
                        sent.increment();
                        // Until the server ends the stream, with whatever error it chooses.
                        String s;
                        while ((s = c.next()) != null && !s.startsWith("</stream:stream")) {
                          if (s.contains("policy-violation")) {
                            policy.increment();
                          }
                        }
                        answeredNanos.add(System.nanoTime() - t0);
                        answered.increment();
                      } catch (IOException e) {
                        // a reset or a timeout ends this bomb; the next starts on a new connection
                      }
                    }
                  }));
    }
    joinAll(threads, end + 2 * TimeUnit.MILLISECONDS.toNanos(settings.timeoutMs));
    String what = "6 nsflood " + phase;
    put.accept(what + ": bombs sent", sent.doubleValue());
    put.accept(what + ": bombs refused with policy-violation", policy.doubleValue());
    if (answered.sum() > 0) {
      put.accept(
          what + ": mean ms from bomb to end of stream",
          answeredNanos.doubleValue() / answered.sum() / 1e6);
    }
  }

  private void heavy(long end) {
    StringBuilder sb =
        new StringBuilder("<iq type='result' id='h' to='" + ServerProcess.DOMAIN + "'>");
    for (int e = 0; e < 60; e++) {
      sb.append("<x");
      for (int i = 0; i < 60; i++) {
        sb.append(" xmlns:p").append(i).append("='urn:p:").append(e).append('\'');
      }
      sb.append("/>");
    }
    String stanza = sb.append("</iq>").toString();
    LongAdder stanzas = new LongAdder();
    AtomicLong bytes = new AtomicLong();
    List<XmppClient> clients = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    try {
      for (int a = 0; a < settings.attackers; a++) {
        clients.add(
            XmppClient.login(server.c2sPort, false, ServerProcess.DOMAIN, settings.timeoutMs));
      }
      long t0 = System.nanoTime();
      for (XmppClient c : clients) {
        threads.add(
            Thread.ofPlatform()
                .name("heavy")
                .start(
                    () -> {
                      try {
                        for (int i = 0; i < 1_000_000 && System.nanoTime() < end; i++) {
                          c.send(stanza);
                          stanzas.increment();
                          bytes.addAndGet(stanza.length());
                        }
                      } catch (IOException e) {
                        log.info("{}: heavy sender stopped: {}", server.name, e.toString());
                      }
                    }));
        // Nothing comes back for an IQ result; a reader is only needed to see a stream error.
      }
      // A sender blocked in a write to a server that stopped reading is freed by closing.
      joinAll(threads, end + TimeUnit.MILLISECONDS.toNanos(settings.timeoutMs));
      double secs = (System.nanoTime() - t0) / 1e9;
      put.accept("6 nsflood heavy: attacker stanzas/s written", stanzas.sum() / secs);
      put.accept("6 nsflood heavy: attacker MB/s written", bytes.get() / secs / 1e6);
    } catch (IOException e) {
      log.warn("{}: heavy attackers could not log in: {}", server.name, e.toString());
    } finally {
      clients.forEach(XmppClient::close);
    }
    log.info(
        "{}: heavy stanza {} bytes ({})",
        server.name,
        stanza.getBytes(StandardCharsets.UTF_8).length,
        stanzas.sum());
  }

  /** Waits for the threads, but not past {@code deadline}. */
  private static void joinAll(List<Thread> threads, long deadline) {
    for (Thread t : threads) {
      try {
        long left = deadline - System.nanoTime();
        if (left > 0) {
          t.join(java.time.Duration.ofNanos(left));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
