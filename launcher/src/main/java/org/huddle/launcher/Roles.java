package org.huddle.launcher;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the role commands share: running until a shutdown signal. */
final class Roles {
  private static final Logger LOG = LoggerFactory.getLogger(Roles.class);

  private Roles() {}

  /** Blocks until the JVM is asked to stop (SIGTERM, Ctrl-C), and closes the role as it stops. */
  static void runUntilStopped(AutoCloseable role) throws InterruptedException {
    CountDownLatch closed = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    role.close();
                  } catch (Exception e) {
                    LOG.warn("error while stopping", e);
                  } finally {
                    closed.countDown();
                  }
                },
                "huddle-shutdown"));
    closed.await();
  }
}
