package org.huddle.auth.plugins.lua;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where plugin files are found: the operator's folders in order ({@code plugin_paths}, as Prosody
 * names it), then the plugins shipped inside the jar. A file in a folder shadows a shipped one of
 * the same name, so an operator can replace a shipped plugin by copying and editing it.
 *
 * <p>Names are checked before they touch the file system: a module or library name is letters,
 * digits, {@code _} and {@code -}, with dots between parts for libraries, so {@code require} can
 * never leave the plugin folders.
 */
public final class PluginLibrary {
  /** The folder inside the jar that holds the shipped plugins. */
  public static final String SHIPPED = "plugins/";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");
  private static final Pattern DOTTED = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");
  private static final long MAX_FILE_BYTES = 1 << 20;

  /**
   * A plugin or library file.
   *
   * @param name how logs and Lua error messages name it ({@code private_rooms.lua})
   * @param file the file, or null for a shipped one
   * @param text its content
   */
  public record Source(String name, Path file, String text) {
    /** Where it came from, for logs. */
    public String origin() {
      return file == null ? "shipped " + name : file.toString();
    }
  }

  private final List<Path> folders;
  private final ClassLoader shipped;

  /**
   * @param folders the operator's plugin folders, searched first, in order
   * @param shipped where the shipped plugins are, or null for none
   */
  public PluginLibrary(List<Path> folders, ClassLoader shipped) {
    this.folders = folders.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    this.shipped = shipped;
  }

  public List<Path> folders() {
    return folders;
  }

  /**
   * The plugin enabled as {@code name} in {@code modules_enabled}: {@code name.lua}, {@code
   * mod_name.lua} or {@code mod_name/mod_name.lua}, as Prosody lays modules out.
   */
  public Optional<Source> module(String name) {
    if (!NAME.matcher(name).matches()) {
      return Optional.empty();
    }
    return find(moduleFiles(name));
  }

  /**
   * The file in a plugin folder that {@link #module} would load, without reading it; null when the
   * module would come from the shipped ones, or from nowhere.
   */
  Path moduleFile(String name) {
    if (!NAME.matcher(name).matches()) {
      return null;
    }
    for (Path folder : folders) {
      for (String c : moduleFiles(name)) {
        Path file = folder.resolve(c).normalize();
        if (file.startsWith(folder) && Files.isRegularFile(file)) {
          return file;
        }
      }
    }
    return null;
  }

  private static List<String> moduleFiles(String name) {
    return List.of(name + ".lua", "mod_" + name + ".lua", "mod_" + name + "/mod_" + name + ".lua");
  }

  /**
   * A library for {@code require "a.b"} ({@code a/b.lua}), or for Prosody's {@code module:require
   * "util"} ({@code util.lib.lua}, then {@code util.lua}).
   */
  public Optional<Source> library(String dotted, boolean moduleRequire) {
    if (!DOTTED.matcher(dotted).matches()) {
      return Optional.empty();
    }
    String path = dotted.replace('.', '/');
    return find(moduleRequire ? List.of(path + ".lib.lua", path + ".lua") : List.of(path + ".lua"));
  }

  private Optional<Source> find(List<String> candidates) {
    for (Path folder : folders) {
      for (String c : candidates) {
        Path file = folder.resolve(c).normalize();
        if (file.startsWith(folder) && Files.isRegularFile(file)) {
          return Optional.of(new Source(c, file, read(file)));
        }
      }
    }
    if (shipped != null) {
      for (String c : candidates) {
        try (InputStream in = shipped.getResourceAsStream(SHIPPED + c)) {
          if (in != null) {
            return Optional.of(new Source(c, null, text(in.readNBytes((int) MAX_FILE_BYTES + 1))));
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return Optional.empty();
  }

  private static String read(Path file) {
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new IllegalStateException(file + " is larger than " + MAX_FILE_BYTES + " bytes");
      }
      return text(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String text(byte[] bytes) {
    if (bytes.length > MAX_FILE_BYTES) {
      throw new IllegalStateException("a plugin file is larger than " + MAX_FILE_BYTES + " bytes");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** The folders to watch: each folder and its subfolders that exist. */
  List<Path> watchedFolders() {
    List<Path> out = new ArrayList<>();
    for (Path f : folders) {
      if (!Files.isDirectory(f)) {
        continue;
      }
      try (var walk = Files.walk(f, 4)) {
        walk.filter(Files::isDirectory).forEach(out::add);
      } catch (IOException e) {
        out.add(f);
      }
    }
    return out;
  }
}
