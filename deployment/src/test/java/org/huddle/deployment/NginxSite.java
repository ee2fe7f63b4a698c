package org.huddle.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The Compose nginx site (docker/nginx/templates/default.conf.template) made runnable by Debian's
 * nginx on loopback: the template's variables filled in, loopback ports instead of 80 and 443, the
 * deployment's certificate, and a small nginx.conf around it, all under one prefix folder.
 */
final class NginxSite {
  static final String NGINX = "/usr/sbin/nginx";

  final Path prefix;
  final String site;

  private NginxSite(Path prefix, String site) {
    this.prefix = prefix;
    this.site = site;
  }

  /**
   * Writes the site and its nginx.conf under {@code prefix}; {@code upstreams} replaces the
   * template's text (e.g. "http://xmpp:5280") with what the test runs.
   */
  static NginxSite write(
      Path prefix, Path certs, Path acme, int http, int https, String... upstreams)
      throws IOException {
    String site =
        Files.readString(Scripts.repo().resolve("docker/nginx/templates/default.conf.template"))
            .replace("/etc/nginx/certs", certs.toString())
            .replace("/var/www/acme", acme.toString())
            // No engine DNS here: a resolver address that refuses at once, rather than times out.
            .replace("${NGINX_LOCAL_RESOLVERS}", "127.0.0.1")
            .replace("${HTTPS_PORT}", String.valueOf(https))
            // Loopback ports instead of 80 and 443.
            .replace("listen 80;", "listen 127.0.0.1:" + http + ";")
            .replace("listen 443 ssl http2;", "listen 127.0.0.1:" + https + " ssl http2;");
    for (int i = 0; i + 1 < upstreams.length; i += 2) {
      site = site.replace(upstreams[i], upstreams[i + 1]);
    }
    Files.createDirectories(prefix);
    Files.writeString(prefix.resolve("site.conf"), site);
    Files.writeString(
        prefix.resolve("nginx.conf"),
        String.join(
            "\n",
            "daemon off;",
            "pid " + prefix.resolve("nginx.pid") + ";",
            "error_log " + prefix.resolve("error.log") + ";",
            "events { worker_connections 64; }",
            "http {",
            "  access_log off;",
            "  client_body_temp_path " + prefix + "/body;",
            "  proxy_temp_path " + prefix + "/proxy;",
            "  include " + prefix.resolve("site.conf") + ";",
            "}",
            ""));
    return new NginxSite(prefix, site);
  }

  /** The nginx command line for this site; add "-t" to test it. */
  List<String> command() {
    return List.of(
        NGINX,
        "-p",
        prefix.toString(),
        "-e",
        prefix.resolve("error.log").toString(),
        "-c",
        prefix.resolve("nginx.conf").toString());
  }

  Process start() throws IOException {
    return new ProcessBuilder(command())
        .redirectErrorStream(true)
        .redirectOutput(prefix.resolve("out.log").toFile())
        .start();
  }
}
