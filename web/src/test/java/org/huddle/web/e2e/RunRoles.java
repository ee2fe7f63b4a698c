package org.huddle.web.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs the e2e roles by hand, for working on the browser scenarios: starts them, writes the web URL
 * to the file named by the first argument, and runs until killed. Run it inside a network namespace
 * (see docs/web.md).
 */
public final class RunRoles {
  /** The second line of the file when the focus started. */
  static final String FOCUS_RUNNING = "focus running";

  private RunRoles() {}

  public static void main(String[] args) throws Exception {
    HuddleRoles roles = HuddleRoles.start(Map.of());
    Runtime.getRuntime().addShutdownHook(new Thread(roles::close));
    String focus = roles.focusProblem() == null ? FOCUS_RUNNING : roles.focusProblem();
    // Written whole, then moved into place, so a reader never sees half of it.
    Path target = Path.of(args[0]);
    Path partial = target.resolveSibling(target.getFileName() + ".partial");
    Files.writeString(partial, roles.url() + "\n" + focus + "\n");
    Files.move(partial, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    Thread.currentThread().join();
  }
}
