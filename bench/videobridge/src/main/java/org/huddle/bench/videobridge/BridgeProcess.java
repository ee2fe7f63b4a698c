package org.huddle.bench.videobridge;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import org.huddle.signalling.SignallingException;
import org.huddle.signalling.Xml;
import org.huddle.videobridge.Videobridge;
import org.huddle.videobridge.testkit.TestBridges;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.XmlWriter;

/**
 * A bridge in its own process, so its CPU time can be measured apart from the load generator's.
 * Line protocol on stdin/stdout: a Colibri2 request per line is answered "OK xml" or "ERR text";
 * "STATS" is answered "STATS forwarded"; "COUNTERS" writes every pipeline counter to stderr; "HEAP"
 * is answered "HEAP bytes", the heap in use after a full collection; end of input stops the bridge.
 * It starts by printing "READY mediaPort colibriWsPort".
 */
public final class BridgeProcess {
  private BridgeProcess() {}

  /** Heap in use after full collections, until two in a row agree within 1%. */
  private static long heapAfterGc() throws InterruptedException {
    MemoryMXBean heap = ManagementFactory.getMemoryMXBean();
    long last = Long.MAX_VALUE;
    for (int i = 0; i < 10; i++) {
      System.gc();
      Thread.sleep(200);
      long used = heap.getHeapMemoryUsage().getUsed();
      if (Math.abs(used - last) < used / 100) {
        return used;
      }
      last = used;
    }
    return last;
  }

  public static void main(String[] args) throws Exception {
    // The load generator's receivers send no transport-cc feedback, so their estimates would stay
    // at the initial value and the allocator would forward fewer streams than the bench offers.
    // A large initial estimate measures forwarding, not allocation.
    try (Videobridge vb = TestBridges.start("videobridge.media.initial-bandwidth = 1000000000")) {
      System.out.println("READY " + vb.udpPort() + " " + vb.publicHttpPort());
      System.out.flush();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null) {
        if (line.equals("STATS")) {
          System.out.println("STATS " + vb.stats().get("egress-statistics.out"));
        } else if (line.equals("COUNTERS")) {
          // to the log (stderr): every pipeline counter, for reading a run afterwards
          vb.stats().snapshot().forEach((k, v) -> System.err.println("counter " + k + " " + v));
          System.out.println("COUNTERS");
        } else if (line.equals("HEAP")) {
          System.out.println("HEAP " + heapAfterGc());
        } else {
          try {
            Element answer = vb.colibri2().handle(Xml.parse(line));
            System.out.println("OK " + XmlWriter.write(answer, null));
          } catch (SignallingException | IllegalArgumentException e) {
            System.out.println("ERR " + e.getMessage());
          }
        }
        System.out.flush();
      }
    }
  }
}
