package org.huddle.common.config;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The settings reference, {@code docs/settings.md}: one generated table per role, between {@code
 * <!-- begin NAME -->} and {@code <!-- end NAME -->}. Each role's tests compare its section with
 * what its {@link EnvTable} renders, so a variable added without its line fails the build.
 */
public final class SettingsDoc {
  /** The file, from a module's directory (where Maven runs its tests). */
  public static final Path FILE = Path.of("..", "docs", "settings.md");

  private SettingsDoc() {}

  /**
   * Checks the role's section against its table, for the role's tests: throws an {@link
   * AssertionError} naming the first line that differs. Run with {@code -Dhuddle.docs.write=true},
   * the section is rewritten first.
   */
  public static void verify(String name, EnvTable table, Config reference) throws IOException {
    String rendered = table.markdown(reference);
    String doc = Files.readString(FILE);
    if (Boolean.getBoolean("huddle.docs.write")) {
      doc = replace(doc, name, rendered);
      Files.writeString(FILE, doc);
    }
    List<String> want = rendered.lines().toList();
    List<String> have = section(doc, name).lines().toList();
    for (int i = 0; i < Math.max(want.size(), have.size()); i++) {
      String w = i < want.size() ? want.get(i) : "(nothing)";
      String h = i < have.size() ? have.get(i) : "(nothing)";
      if (!w.equals(h)) {
        throw new AssertionError(
            "docs/settings.md's "
                + name
                + " table, line "
                + (i + 1)
                + ": has "
                + h
                + ", the code says "
                + w
                + " (regenerate: mvn -pl "
                + name
                + " test -Dtest='*EnvironmentTest' -Dhuddle.docs.write=true)");
      }
    }
  }

  /** The section's text, without its markers. */
  public static String section(String doc, String name) {
    int[] at = bounds(doc, name);
    return doc.substring(at[0], at[1]);
  }

  /** The document with the section's text replaced. */
  public static String replace(String doc, String name, String content) {
    int[] at = bounds(doc, name);
    return doc.substring(0, at[0]) + content + doc.substring(at[1]);
  }

  private static int[] bounds(String doc, String name) {
    String begin = "<!-- begin " + name + " -->\n";
    String end = "<!-- end " + name + " -->";
    int b = doc.indexOf(begin);
    int e = doc.indexOf(end);
    if (b < 0 || e < b) {
      throw new IllegalArgumentException(
          "docs/settings.md has no section '" + name + "' (" + begin.trim() + " … " + end + ")");
    }
    return new int[] {b + begin.length(), e};
  }
}
