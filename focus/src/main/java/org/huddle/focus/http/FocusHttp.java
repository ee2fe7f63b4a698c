package org.huddle.focus.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.huddle.focus.conference.Conferences;

/**
 * Routes the HTTP API. {@code /conference-request/v1} takes Jicofo's JSON ({@code room}, {@code
 * machineUid}, {@code properties}) and an optional {@code Authorization: Bearer} token, and answers
 * {@code {"room","ready","focusJid","properties"}}; a bad request is 400 with {@code Bad request:
 * ...}, no bridge is 503.
 */
public final class FocusHttp extends Handler.Abstract {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY = 64 * 1024;

  private final FocusState state;
  private final Conferences conferences;
  private final FocusMetrics metrics;

  public FocusHttp(FocusState state, Conferences conferences, FocusMetrics metrics) {
    this.state = state;
    this.conferences = conferences;
    this.metrics = metrics;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = Request.getPathInContext(request);
    String method = request.getMethod();
    switch (path) {
      case "/about/health" -> {
        String problem = state.healthProblem();
        if (problem == null) {
          text(response, callback, 200, "OK");
        } else {
          text(response, callback, 503, problem);
        }
      }
      case "/metrics" -> {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, metrics.contentType());
        response.write(true, ByteBuffer.wrap(metrics.scrape()), callback);
      }
      case "/stats" -> json(response, callback, 200, state.statsJson());
      case "/conference-request/v1" -> {
        if (HttpMethod.OPTIONS.is(method)) {
          text(response, callback, 200, "");
        } else if (!HttpMethod.POST.is(method)) {
          text(response, callback, 405, "Method not allowed");
        } else {
          conferenceRequest(request, response, callback);
        }
      }
      default -> text(response, callback, 404, "Not found");
    }
    return true;
  }

  private void conferenceRequest(Request request, Response response, Callback callback)
      throws Exception {
    String body = Content.Source.asString(request, StandardCharsets.UTF_8);
    if (body.length() > MAX_BODY) {
      text(response, callback, 400, "Bad request: body too large");
      return;
    }
    JsonNode in;
    try {
      in = JSON.readTree(body);
    } catch (java.io.IOException e) {
      text(response, callback, 400, "Bad request: not JSON");
      return;
    }
    if (in == null || !in.isObject()) {
      text(response, callback, 400, "Bad request: expected a JSON object");
      return;
    }
    String room = in.path("room").isTextual() ? in.get("room").asText() : null;
    String machineUid = in.path("machineUid").isTextual() ? in.get("machineUid").asText() : null;
    java.util.Map<String, String> properties = new java.util.LinkedHashMap<>();
    in.path("properties")
        .properties()
        .forEach(e -> properties.put(e.getKey(), e.getValue().asText()));
    conferences
        .request(new Conferences.Request(room, machineUid, properties, null))
        .whenComplete(
            (o, failure) -> {
              if (failure != null) {
                text(response, callback, 500, "Internal error");
              } else if (o.error() != null) {
                int status =
                    switch (o.error()) {
                      case "service-unavailable" -> 503;
                      case "not-authorized" -> 403; // HTTP carries no login: a guest's request
                      default -> 400;
                    };
                text(
                    response,
                    callback,
                    status,
                    status == 400 ? "Bad request: " + o.text() : o.text());
              } else {
                ObjectNode out = JSON.createObjectNode();
                out.put("room", o.room());
                out.put("ready", o.ready());
                out.put("focusJid", o.focusJid());
                if (machineUid != null) {
                  out.put("machineUid", machineUid);
                }
                ObjectNode props = out.putObject("properties");
                o.properties().forEach(props::put);
                try {
                  json(response, callback, 200, out);
                } catch (Exception e) {
                  callback.failed(e);
                }
              }
            });
  }

  private static void text(Response response, Callback callback, int status, String body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
  }

  private static void json(Response response, Callback callback, int status, JsonNode body)
      throws Exception {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(true, ByteBuffer.wrap(JSON.writeValueAsBytes(body)), callback);
  }
}
