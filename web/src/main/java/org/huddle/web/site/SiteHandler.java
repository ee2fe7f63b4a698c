package org.huddle.web.site;

import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.huddle.web.FrameAncestors;
import org.huddle.web.WebConfig;
import org.huddle.web.metrics.WebMetrics;

/**
 * The site: the landing page at {@code /}, the same app at {@code /<room>} (it reads the room from
 * its address, as jitsi-meet does), {@code /config.js}, the app's files, and {@code /about/health},
 * {@code /about/version} and {@code /metrics}. Anything else is 404.
 */
public final class SiteHandler extends Handler.Abstract {
  /**
   * Room names as a link gives them, decoded: letters of any script, digits and combining marks,
   * then also {@code .}, {@code -} and {@code _} (the app checks its own rule and lower-cases).
   */
  static final Pattern ROOM = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}\\p{M}._-]{0,79}");

  private final StaticAssets assets;
  private final DoctorPage doctor;
  private final WebMetrics metrics;
  private final String configScript;

  /** The app pages' policy: their frame-ancestors are the configured embedding origins. */
  private final String pagePolicy;

  private final String version;
  private final AdminApi api;

  public SiteHandler(WebConfig config, StaticAssets assets, WebMetrics metrics) {
    this(config, assets, metrics, null, null);
  }

  /**
   * @param doctor {@code /about/doctor}, or null for none (404)
   * @param api the admin API under {@code /api/}, or null for none (404)
   */
  public SiteHandler(
      WebConfig config, StaticAssets assets, WebMetrics metrics, DoctorPage doctor, AdminApi api) {
    this.api = api;
    this.doctor = doctor;
    this.assets = assets;
    this.metrics = metrics;
    this.configScript = ConfigScript.render(config);
    this.pagePolicy =
        Headers.contentSecurityPolicy(FrameAncestors.directive(config.app().frameAncestors()));
    String v = SiteHandler.class.getPackage().getImplementationVersion();
    this.version = v == null ? "dev" : v;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    String method = request.getMethod();
    if (api != null && path.startsWith(AdminApi.PREFIX)) {
      metrics.request("api");
      api.handle(request, response, callback);
      return true;
    }
    if (EmbedReport.PATH.equals(path)) {
      metrics.request("health");
      EmbedReport.handle(metrics, request, response, callback);
      return true;
    }
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      metrics.request("other");
      response.getHeaders().put("Allow", "GET, HEAD");
      Headers.text(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "method not allowed\n");
      return true;
    }
    switch (path) {
      case "/config.js" -> {
        metrics.request("config");
        Headers.body(response, callback, 200, "text/javascript;charset=utf-8", configScript);
        return true;
      }
      case "/about/health" -> {
        metrics.request("health");
        if (assets.present()) {
          Headers.text(response, callback, HttpStatus.OK_200, "OK\n");
        } else {
          Headers.text(
              response,
              callback,
              HttpStatus.SERVICE_UNAVAILABLE_503,
              "the meeting app is missing from the class path (build the web module with Maven)\n");
        }
        return true;
      }
      case "/about/version" -> {
        metrics.request("health");
        StringBuilder json = new StringBuilder("{\"name\":\"huddle-web\",\"version\":");
        Json.string(version, json);
        json.append("}\n");
        Headers.body(response, callback, 200, "application/json", json.toString());
        return true;
      }
      case DoctorPage.PATH -> {
        metrics.request("health");
        if (doctor == null) {
          Headers.text(response, callback, HttpStatus.NOT_FOUND_404, "not found\n");
        } else {
          doctor.handle(request, response, callback);
        }
        return true;
      }
      case "/metrics" -> {
        metrics.request("metrics");
        Headers.body(response, callback, 200, metrics.contentType(), metrics.scrape());
        return true;
      }
      case "/libs/external_api.min.js" -> {
        // Where Jitsi Meet also serves its IFrame API; some embeds load it from there.
        metrics.request("asset");
        return assets.serve("external_api.js", request, response, callback);
      }
      case "/", "/index.html" -> {
        return page(request, response, callback);
      }
      default -> {
        String rest = path.substring(1);
        if (!rest.contains("/") && ROOM.matcher(rest).matches() && !rest.contains(".")) {
          return page(request, response, callback);
        }
        metrics.request("asset");
        if (assets.serve(rest, request, response, callback)) {
          return true;
        }
        metrics.request("other");
        Headers.text(response, callback, HttpStatus.NOT_FOUND_404, "not found\n");
        return true;
      }
    }
  }

  private boolean page(Request request, Response response, Callback callback) {
    metrics.request("page");
    if (assets.serve("index.html", request, response, callback, pagePolicy)) {
      return true;
    }
    Headers.text(
        response,
        callback,
        HttpStatus.SERVICE_UNAVAILABLE_503,
        "the meeting app is missing from the class path (build the web module with Maven)\n");
    return true;
  }
}
