package org.huddle.xmpp.server.features.component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.huddle.xmpp.server.config.FileShareOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The private-deployment seed's allocation hook, asked which file server serves a meeting: {@code
 * GET <url>?Kind=FS&Email=<organizer>&Room=<room>}, answered {@code {"fs": "<base URL or
 * host:port>"}} in the style of the focus's {@code {"sfu": ...}}. A base URL is used as it is (with
 * {@code /files} added when it has no path); a {@code host:port} gets the configured base URL's
 * scheme and {@code /files}. A hook that fails, answers other than 200, or names nothing leaves the
 * configured file server in place: uploads never wait for it.
 */
final class FileServerHook {
  private static final Logger LOG = LoggerFactory.getLogger(FileServerHook.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String url;
  private final String fallback;
  private final Duration timeout;
  private final HttpClient client;

  FileServerHook(String url, String fallback, Duration timeout) {
    this.url = url;
    this.fallback = fallback;
    this.timeout = timeout;
    this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /** The base URL of the file server for a meeting: the hook's answer, else the configured one. */
  String baseFor(String room, String email) {
    String query = "Kind=FS&Email=" + enc(email) + "&Room=" + enc(room);
    URI uri = URI.create(url + (url.contains("?") ? "&" : "?") + query);
    try {
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        LOG.warn("file server hook answered HTTP {}; using {}", r.statusCode(), fallback);
        return fallback;
      }
      JsonNode body = JSON.readTree(r.body());
      String named = body == null ? "" : body.path("fs").asText("").trim();
      String base = named.isEmpty() ? null : toBase(named, fallback);
      if (base == null) {
        LOG.warn("file server hook named no usable fs ('{}'); using {}", named, fallback);
        return fallback;
      }
      return base;
    } catch (IOException | RuntimeException e) {
      LOG.warn("file server hook {} failed ({}); using {}", url, e.toString(), fallback);
      return fallback;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fallback;
    }
  }

  /** The base URL an {@code fs} answer means, or null when it is neither a URL nor host:port. */
  static String toBase(String named, String fallback) {
    if (named.startsWith("http://") || named.startsWith("https://")) {
      URI u;
      try {
        u = URI.create(named);
      } catch (IllegalArgumentException e) {
        return null;
      }
      if (u.getHost() == null || u.getRawQuery() != null || u.getRawFragment() != null) {
        return null;
      }
      String path = u.getRawPath() == null ? "" : u.getRawPath();
      String base = FileShareOptions.stripSlash(named);
      return path.isEmpty() || path.equals("/") ? base + "/files" : base;
    }
    if (!named.matches("[A-Za-z0-9.-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?")) {
      return null;
    }
    String scheme = fallback.startsWith("https:") ? "https" : "http";
    return scheme + "://" + named + "/files";
  }

  private static String enc(String s) {
    return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
  }
}
