package org.huddle.web.site;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The meeting app's files, read from the class path ({@code org/huddle/web/app/}, where the build
 * puts the app and the npm libraries it needs) and kept in memory once read. Each answer carries a
 * strong ETag and {@code Cache-Control: no-cache}, so a browser revalidates cheaply and never runs
 * an old module beside a new one.
 */
public final class StaticAssets {
  static final String ROOT = "org/huddle/web/app/";
  private static final Pattern SAFE_PATH =
      Pattern.compile("(?:[A-Za-z0-9_-][A-Za-z0-9._-]*/)*[A-Za-z0-9_-][A-Za-z0-9._-]*");
  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html;charset=utf-8",
          "js", "text/javascript;charset=utf-8",
          "css", "text/css;charset=utf-8",
          "svg", "image/svg+xml",
          "png", "image/png",
          "ico", "image/x-icon",
          "json", "application/json",
          "map", "application/json");

  record Asset(byte[] body, String type, String etag) {}

  private final ClassLoader loader;
  private final Map<String, Optional<Asset>> cache = new ConcurrentHashMap<>();

  public StaticAssets() {
    this(StaticAssets.class.getClassLoader());
  }

  StaticAssets(ClassLoader loader) {
    this.loader = loader;
  }

  /** Whether the app was built into the class path (the build runs npm and copies it there). */
  public boolean present() {
    return find("index.html").isPresent() && find("libs/strophe.esm.js").isPresent();
  }

  /** Finds an asset by its path below the app root; paths with dot segments are never found. */
  Optional<Asset> find(String path) {
    if (!SAFE_PATH.matcher(path).matches() || path.contains("..")) {
      return Optional.empty();
    }
    return cache.computeIfAbsent(path, this::load);
  }

  private Optional<Asset> load(String path) {
    int dot = path.lastIndexOf('.');
    String type = dot < 0 ? null : TYPES.get(path.substring(dot + 1));
    if (type == null) {
      return Optional.empty();
    }
    try (InputStream in = loader.getResourceAsStream(ROOT + path)) {
      if (in == null) {
        return Optional.empty();
      }
      byte[] body = in.readAllBytes();
      return Optional.of(new Asset(body, type, etag(body)));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Answers with the asset, or returns false when there is none. */
  boolean serve(String path, Request request, Response response, Callback callback) {
    return serve(path, request, response, callback, Headers.CONTENT_SECURITY_POLICY);
  }

  /** The same, with this Content-Security-Policy (the app's pages: their frame-ancestors). */
  boolean serve(
      String path,
      Request request,
      Response response,
      Callback callback,
      String contentSecurityPolicy) {
    Optional<Asset> asset = find(path);
    if (asset.isEmpty()) {
      return false;
    }
    Asset a = asset.get();
    Headers.common(response, contentSecurityPolicy);
    response.getHeaders().put(HttpHeader.ETAG, a.etag());
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
    if (a.etag().equals(request.getHeaders().get(HttpHeader.IF_NONE_MATCH))) {
      response.setStatus(HttpStatus.NOT_MODIFIED_304);
      callback.succeeded();
      return true;
    }
    response.setStatus(HttpStatus.OK_200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, a.type());
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, a.body().length);
    response.write(
        true, "HEAD".equals(request.getMethod()) ? null : ByteBuffer.wrap(a.body()), callback);
    return true;
  }

  private static String etag(byte[] body) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(body);
      return "\"" + HexFormat.of().formatHex(d, 0, 12) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
