package org.huddle.web.site;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.huddle.records.AuditAction;
import org.huddle.records.schedule.MeetingPlan;
import org.huddle.records.schedule.ScheduledMeeting;
import org.huddle.records.schedule.Schedules;

/**
 * Scheduled meetings under {@code /api/schedule} (docs/records.md, "Scheduling"), behind the admin
 * token like the rest of {@code /api/}: {@code POST} creates one and mails the invitations, {@code
 * PUT /api/schedule/{id}} changes it (updated invitations; cancellations to those no longer
 * invited), {@code DELETE} cancels it, {@code GET} lists or shows them. The body is JSON: {@code
 * {"room", "title", "begin", "end", "organizer", "invitees": [...]}}, times as ISO-8601 instants.
 */
final class ScheduleApi {
  static final String PATH = "/api/schedule";
  private static final Pattern ONE = Pattern.compile("/api/schedule/([A-Za-z0-9-]{1,64})");
  private static final int MAX_BODY = 64 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Schedules schedules;
  private final Principal who;
  private final AdminLogin audit;
  private final String mucDomain;
  private final String publicUrl;

  /**
   * @param who the caller: an organizer sees and changes only the meetings it scheduled, and is
   *     their organizer
   * @param audit where each change is recorded, with {@code who} as the actor
   */
  ScheduleApi(
      Schedules schedules, Principal who, AdminLogin audit, String mucDomain, String publicUrl) {
    this.schedules = schedules;
    this.who = who;
    this.audit = audit;
    this.mucDomain = mucDomain;
    this.publicUrl = publicUrl;
  }

  void handle(Request request, Response response, Callback callback) throws IOException {
    String path = Request.getPathInContext(request);
    String method = request.getMethod();
    Matcher one = ONE.matcher(path);
    if (path.equals(PATH)) {
      switch (method) {
        case "GET", "HEAD" -> list(request, response, callback);
        case "POST" -> {
          ScheduledMeeting m = schedules.create(plan(request), who.token() ? null : who.name());
          audited(AuditAction.SCHEDULE_CREATED, m);
          reply(response, callback, HttpStatus.CREATED_201, json(m));
        }
        default -> notAllowed(response, callback, "GET, POST");
      }
      return;
    }
    if (!one.matches()) {
      Headers.text(response, callback, HttpStatus.NOT_FOUND_404, "no such scheduled meeting\n");
      return;
    }
    String id = one.group(1);
    if (!who.admin() && !schedules.ownerOf(id).equals(Optional.of(who.name()))) {
      Headers.text(
          response,
          callback,
          schedules.get(id).isPresent() ? HttpStatus.FORBIDDEN_403 : HttpStatus.NOT_FOUND_404,
          schedules.get(id).isPresent()
              ? "an organizer sees and changes only the meetings it scheduled\n"
              : "no scheduled meeting " + id + "\n");
      return;
    }
    Optional<ScheduledMeeting> result =
        switch (method) {
          case "GET", "HEAD" -> schedules.get(id);
          case "PUT" -> schedules.update(id, plan(request));
          case "DELETE" -> schedules.cancel(id);
          default -> null;
        };
    if (result != null && result.isPresent() && !method.equals("GET") && !method.equals("HEAD")) {
      audited(
          method.equals("PUT") ? AuditAction.SCHEDULE_CHANGED : AuditAction.SCHEDULE_CANCELLED,
          result.get());
    }
    if (result == null) {
      notAllowed(response, callback, "GET, PUT, DELETE");
    } else if (result.isEmpty()) {
      Headers.text(
          response,
          callback,
          HttpStatus.NOT_FOUND_404,
          "no scheduled meeting "
              + id
              + ("PUT".equals(method) ? " that is not cancelled" : "")
              + "\n");
    } else {
      reply(response, callback, HttpStatus.OK_200, json(result.get()));
    }
  }

  private void list(Request request, Response response, Callback callback) {
    Fields q = Request.extractQueryParameters(request);
    for (Fields.Field f : q) {
      if (!f.getName().equals("from") && !f.getName().equals("to")) {
        throw new IllegalArgumentException(
            "unknown parameter '" + f.getName() + "'; it takes from, to");
      }
    }
    Instant from =
        q.getValue("from") == null
            ? Instant.now().minusSeconds(86_400)
            : instant(q.getValue("from"), "from");
    Instant to =
        q.getValue("to") == null ? from.plusSeconds(90L * 86_400) : instant(q.getValue("to"), "to");
    List<Object> out = new ArrayList<>();
    for (ScheduledMeeting m : schedules.list(from, to, who.admin() ? null : who.name())) {
      out.add(json(m));
    }
    reply(response, callback, HttpStatus.OK_200, Map.of("scheduled", out));
  }

  private void audited(AuditAction action, ScheduledMeeting m) {
    audit.audit(
        action,
        m.room() + "@" + mucDomain,
        who.name(),
        m.id(),
        m.title() + ", " + m.beginsAt() + " to " + m.endsAt());
  }

  private MeetingPlan plan(Request request) throws IOException {
    String body = Content.Source.asString(request, StandardCharsets.UTF_8);
    if (body.length() > MAX_BODY) {
      throw new IllegalArgumentException("the body is larger than 64 KiB");
    }
    JsonNode n;
    try {
      n = JSON.readTree(body);
    } catch (IOException e) {
      throw new IllegalArgumentException("the body is not JSON");
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException(
          "the body is a JSON object: room, title, begin, end, organizer, invitees");
    }
    List<String> invitees = new ArrayList<>();
    JsonNode list = n.path("invitees");
    if (!list.isMissingNode() && !list.isArray()) {
      throw new IllegalArgumentException("invitees: a list of e-mail addresses");
    }
    for (JsonNode i : list) {
      invitees.add(i.asText());
    }
    return new MeetingPlan(
        text(n, "room"),
        text(n, "title"),
        instant(text(n, "begin"), "begin"),
        instant(text(n, "end"), "end"),
        organizer(n),
        invitees);
  }

  /**
   * An organizer account's meetings are organized by its own e-mail, whatever the body says; an
   * admin account's default to its e-mail; the token must name one.
   */
  private String organizer(JsonNode n) {
    if (!who.admin()) {
      if (who.email() == null) {
        throw new IllegalArgumentException(
            "organizer: your account has no e-mail; an admin sets it with huddle admin add");
      }
      return who.email();
    }
    if (n.path("organizer").isMissingNode() && who.email() != null) {
      return who.email();
    }
    return text(n, "organizer");
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.path(field);
    if (!v.isTextual()) {
      throw new IllegalArgumentException(field + ": a string is needed");
    }
    return v.asText();
  }

  private static Instant instant(String v, String field) {
    try {
      return Instant.parse(v.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(field + ": expected a time such as 2026-12-07T08:00:00Z");
    }
  }

  private Map<String, Object> json(ScheduledMeeting m) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("id", m.id());
    j.put("room", m.room());
    j.put("title", m.title());
    j.put("begin", m.beginsAt().toString());
    j.put("end", m.endsAt().toString());
    j.put("organizer", m.organizer());
    j.put("invitees", new ArrayList<Object>(m.invitees()));
    j.put("sequence", m.sequence());
    j.put("cancelled", m.cancelled());
    j.put("link", publicUrl + "/" + m.room());
    return j;
  }

  private static void reply(Response response, Callback callback, int status, Object value) {
    StringBuilder out = new StringBuilder();
    Json.write(value, out);
    out.append('\n');
    Headers.body(response, callback, status, "application/json", out.toString());
  }

  private static void notAllowed(Response response, Callback callback, String allow) {
    response.getHeaders().put("Allow", allow);
    Headers.text(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "allowed: " + allow + "\n");
  }
}
