package org.huddle.web;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.huddle.common.config.EnvTable;
import org.huddle.common.config.HoconFiles;
import org.huddle.common.config.Settings;

/**
 * The file server's settings, the {@code web.files} block of {@code web-reference.conf}: defaults,
 * then the web role's config file (HUDDLE_WEB_CONFIG), then the environment.
 *
 * @param secret the key slots are signed with, shared with the XMPP server; empty turns the file
 *     server off
 * @param sizeLimit the largest file taken, whatever a slot says
 * @param expiresAfter how long a file is kept
 * @param sweepInterval how often the sweeper looks for expired files
 * @param sweepBatch the most files one sweep removes
 * @param path the folder files are kept in, and uploads spooled in
 * @param s3 an S3-compatible bucket, used instead of the folder when its bucket is set
 */
public record FileShareConfig(
    byte[] secret,
    long sizeLimit,
    Duration expiresAfter,
    Duration sweepInterval,
    int sweepBatch,
    Path path,
    S3 s3) {

  /**
   * @param endpoint the store's URL ({@code http://127.0.0.1:9000}); empty for AWS's own
   * @param pathStyle {@code endpoint/bucket/key} addresses, as MinIO and most others want
   */
  public record S3(
      String endpoint,
      String bucket,
      String region,
      String accessKey,
      String secretKey,
      boolean pathStyle) {
    public boolean configured() {
      return !bucket.isBlank();
    }
  }

  public FileShareConfig {
    if (sweepBatch < 1) {
      throw new IllegalArgumentException("web.files.sweep-batch: at least 1");
    }
  }

  /** Whether files are served at all. */
  public boolean enabled() {
    return secret.length > 0;
  }

  /** Defaults, then the web config file, then the environment. */
  public static FileShareConfig fromEnvironment(Settings.Env env) {
    Config file = HoconFiles.named(env, "HUDDLE_WEB_CONFIG");
    return fromConfig(ENVIRONMENT.apply(env).withFallback(file).withFallback(reference()));
  }

  /** Builds from a HOCON string laid over the defaults (for tests and embedding). */
  public static FileShareConfig fromHocon(String hocon) {
    return fromConfig(ConfigFactory.parseString(hocon).withFallback(reference()));
  }

  private static FileShareConfig fromConfig(Config root) {
    Config c = root.resolve().getConfig("web.files");
    Config s3 = c.getConfig("s3");
    return new FileShareConfig(
        c.getString("secret").getBytes(StandardCharsets.UTF_8),
        c.getBytes("size-limit"),
        c.getDuration("expires-after"),
        c.getDuration("sweep-interval"),
        c.getInt("sweep-batch"),
        Path.of(c.getString("path")).toAbsolutePath().normalize(),
        new S3(
            s3.getString("endpoint").trim(),
            s3.getString("bucket").trim(),
            s3.getString("region").trim(),
            s3.getString("access-key"),
            s3.getString("secret-key"),
            s3.getBoolean("path-style")));
  }

  static Config reference() {
    return HoconFiles.reference(FileShareConfig.class, "/web-reference.conf");
  }

  /** The file server's environment variables (docs/settings.md lists each with its default). */
  static final EnvTable ENVIRONMENT =
      EnvTable.builder("web.files.")
          .text("HUDDLE_FILE_SHARE_SECRET", "secret")
          .text("HUDDLE_FILE_SHARE_SIZE_LIMIT", "size-limit")
          .text("HUDDLE_FILE_SHARE_EXPIRES_AFTER", "expires-after")
          .text("HUDDLE_FILE_SHARE_SWEEP_INTERVAL", "sweep-interval")
          .integer("HUDDLE_FILE_SHARE_SWEEP_BATCH", "sweep-batch")
          .text("HUDDLE_FILE_SHARE_PATH", "path")
          .text("HUDDLE_FILE_SHARE_S3_ENDPOINT", "s3.endpoint")
          .text("HUDDLE_FILE_SHARE_S3_BUCKET", "s3.bucket")
          .text("HUDDLE_FILE_SHARE_S3_REGION", "s3.region")
          .text("HUDDLE_FILE_SHARE_S3_ACCESS_KEY", "s3.access-key")
          .text("HUDDLE_FILE_SHARE_S3_SECRET_KEY", "s3.secret-key")
          .bool("HUDDLE_FILE_SHARE_S3_PATH_STYLE", "s3.path-style")
          .build();
}
