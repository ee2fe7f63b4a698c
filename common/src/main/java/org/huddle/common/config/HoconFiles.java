package org.huddle.common.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The two HOCON layers under the environment that the HOCON-configured roles (focus, videobridge,
 * web) share: a reference file of defaults on the class path, and an optional file named by an
 * environment variable.
 */
public final class HoconFiles {
  private HoconFiles() {}

  /** The reference defaults {@code resource}, next to {@code owner}; it must exist. */
  public static Config reference(Class<?> owner, String resource) {
    return ConfigFactory.parseResources(
        owner, resource, ConfigParseOptions.defaults().setAllowMissing(false));
  }

  /**
   * The file named by {@code variable}, or an empty config when the variable is not set.
   *
   * @throws IllegalArgumentException naming the variable, when the file cannot be read
   */
  public static Config named(Settings.Env env, String variable) {
    return env.get(variable)
        .map(Path::of)
        .map(path -> read(variable, path))
        .orElse(ConfigFactory.empty());
  }

  private static Config read(String variable, Path path) {
    if (!Files.isReadable(path)) {
      throw new IllegalArgumentException(variable + ": cannot read " + path);
    }
    return ConfigFactory.parseFile(
        path.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
  }
}
