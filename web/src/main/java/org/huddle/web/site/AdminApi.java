package org.huddle.web.site;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.huddle.records.AuditAction;
import org.huddle.records.MeetingFiles;
import org.huddle.records.RecordQueries;
import org.huddle.records.RecordQueries.AuditEntry;
import org.huddle.records.RecordQueries.Filter;
import org.huddle.records.RecordQueries.Meeting;
import org.huddle.records.RecordQueries.Participation;
import org.huddle.records.Records;
import org.huddle.records.Statistics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API under {@code /api/} (docs/records.md), for {@code Authorization: Bearer
 * <HUDDLE_ADMIN_TOKEN>}, read-only: meetings filtered by room and time, one meeting with its
 * participants, bridges, media and timeline, usage per day, and the audit log; the lists also as
 * CSV ({@code format=csv} or {@code Accept: text/csv}). A bad parameter gets 400 naming it; an
 * unknown one too, so a misspelt filter never silently returns everything.
 */
public final class AdminApi {
  private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);

  /** The prefix this API answers under. */
  public static final String PREFIX = "/api/";

  /** Where the file server serves a stored file (org.huddle.web.files). */
  private static final String FILES_PREFIX = "/files/";

  private static final Pattern MEETING = Pattern.compile("/api/meetings/([A-Za-z0-9._:-]{1,64})");
  private static final Pattern PARTICIPANTS =
      Pattern.compile("/api/meetings/([A-Za-z0-9._:-]{1,64})/participants");
  private static final int DEFAULT_LIMIT = 100;
  private static final int MAX_LIMIT = 1000;
  private static final int MAX_OFFSET = 1_000_000;

  private final Records records;
  private final String mucDomain;
  private final AdminLogin login;
  private final Supplier<Instant> clock;
  private final String publicUrl;
  private final String domain;

  /**
   * @param records the records, or null when they are off (every call then answers 503)
   * @param mucDomain the rooms' MUC domain: a room filter without {@code @} is taken as a name in
   *     it
   * @param token HUDDLE_ADMIN_TOKEN
   * @param publicUrl PUBLIC_URL, the base of the links invitations carry (empty: https://domain)
   * @param domain the XMPP domain, also the right-hand side of invitation UIDs
   */
  public AdminApi(
      Records records,
      String mucDomain,
      String token,
      Supplier<Instant> clock,
      String publicUrl,
      String domain) {
    this.records = records;
    this.publicUrl = publicUrl.isBlank() ? "https://" + domain : publicUrl;
    this.domain = domain;
    if (records != null) {
      // Starts mailing invitations still waiting from before a restart.
      records.schedules(this.publicUrl, domain);
    }
    this.mucDomain = mucDomain;
    this.login =
        new AdminLogin(
            new AdminToken(token, "the admin API is"), records, publicUrl.startsWith("https:"));
    this.clock = clock;
  }

  /** Answers a request under {@link #PREFIX}. */
  public void handle(Request request, Response response, Callback callback) {
    String at = Request.getPathInContext(request);
    if (AdminLogin.handles(at)) {
      login.handle(request, response, callback);
      return;
    }
    Principal who = login.admit(request, response, callback);
    if (who == null) {
      return;
    }
    if (at.equals(ScheduleApi.PATH) || at.startsWith(ScheduleApi.PATH + "/")) {
      schedule(who, request, response, callback);
      return;
    }
    if (!who.admin()) {
      Headers.text(
          response,
          callback,
          HttpStatus.FORBIDDEN_403,
          "an organizer account may use /api/schedule only\n");
      return;
    }
    if (at.equals(AccountApi.PATH) || at.startsWith(AccountApi.PATH + "/")) {
      accounts(who, request, response, callback);
      return;
    }
    if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
      response.getHeaders().put("Allow", "GET, HEAD");
      Headers.text(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "the API is read-only\n");
      return;
    }
    if (records == null) {
      recordsOff(response, callback);
      return;
    }
    String path = Request.getPathInContext(request);
    Fields query = Request.extractQueryParameters(request);
    try {
      Matcher one = MEETING.matcher(path);
      Matcher people = PARTICIPANTS.matcher(path);
      switch (path) {
        case "/api/meetings" -> meetings(request, query, response, callback);
        case "/api/audit" -> audit(request, query, response, callback);
        case "/api/stats" -> stats(query, response, callback);
        default -> {
          if (people.matches()) {
            participants(request, people.group(1), query, response, callback);
          } else if (one.matches()) {
            meeting(one.group(1), query, response, callback);
          } else {
            Headers.text(
                response,
                callback,
                HttpStatus.NOT_FOUND_404,
                "no such API: the API has /api/meetings, /api/meetings/{id},"
                    + " /api/meetings/{id}/participants, /api/stats and /api/audit\n");
          }
        }
      }
    } catch (BadRequest e) {
      Headers.text(response, callback, HttpStatus.BAD_REQUEST_400, e.getMessage() + "\n");
    } catch (RuntimeException e) {
      LOG.warn("admin API: {} failed: {}", path, e.toString());
      Headers.text(
          response,
          callback,
          HttpStatus.SERVICE_UNAVAILABLE_503,
          "the records database cannot answer now; try again later\n");
    }
  }

  private static void recordsOff(Response response, Callback callback) {
    Headers.text(
        response,
        callback,
        HttpStatus.SERVICE_UNAVAILABLE_503,
        "records are off (HUDDLE_RECORDS_ENABLED=false)\n");
  }

  private void accounts(Principal who, Request request, Response response, Callback callback) {
    guarded(
        "accounts",
        response,
        callback,
        () -> new AccountApi(records.accounts(), who, login).handle(request, response, callback));
  }

  private void schedule(Principal who, Request request, Response response, Callback callback) {
    guarded(
        "schedule",
        response,
        callback,
        () ->
            new ScheduleApi(records.schedules(publicUrl, domain), who, login, mucDomain, publicUrl)
                .handle(request, response, callback));
  }

  /** A call that reads the body and may find it bad (IllegalArgumentException: 400). */
  private interface Call {
    void run() throws java.io.IOException;
  }

  /** Runs a writing API's call: 503 while the records are off or away, 400 for bad input. */
  private void guarded(String what, Response response, Callback callback, Call call) {
    if (records == null) {
      recordsOff(response, callback);
      return;
    }
    try {
      call.run();
    } catch (IllegalArgumentException e) {
      Headers.text(response, callback, HttpStatus.BAD_REQUEST_400, e.getMessage() + "\n");
    } catch (java.io.IOException | RuntimeException e) {
      LOG.warn("{} API failed: {}", what, e.toString());
      Headers.text(
          response,
          callback,
          HttpStatus.SERVICE_UNAVAILABLE_503,
          "the records database cannot answer now; try again later\n");
    }
  }

  private void meetings(Request request, Fields q, Response response, Callback callback) {
    allow(q, "room", "from", "to", "limit", "offset", "format");
    List<Meeting> rows = records.queries().meetings(filter(q));
    if (csv(request, q)) {
      List<List<Object>> out = new ArrayList<>();
      for (Meeting m : rows) {
        out.add(
            List.of(
                m.id(),
                m.room(),
                m.startedAt().toString(),
                m.endedAt() == null ? "" : m.endedAt().toString(),
                m.peakParticipants()));
      }
      csv(response, callback, "meetings", List.of("id", "room", "started", "ended", "peak"), out);
      return;
    }
    List<Object> out = new ArrayList<>();
    for (Meeting m : rows) {
      out.add(meetingJson(m));
    }
    json(response, callback, Map.of("meetings", out));
  }

  private void meeting(String id, Fields q, Response response, Callback callback) {
    allow(q);
    RecordQueries db = records.queries();
    Optional<Meeting> found = db.meeting(id);
    if (found.isEmpty()) {
      Headers.text(response, callback, HttpStatus.NOT_FOUND_404, "no meeting " + id + "\n");
      return;
    }
    Meeting m = found.get();
    List<Participation> ps = db.participations(id);
    Instant end = m.endedAt() == null ? clock.get() : m.endedAt();
    List<AuditEntry> audit = db.auditOfRoom(m.room(), m.startedAt(), end);
    Map<String, Object> out = meetingJson(m);
    List<Object> people = new ArrayList<>();
    for (Participation p : ps) {
      people.add(participantJson(p));
    }
    out.put("participants", people);
    List<Object> bridges = new ArrayList<>();
    for (RecordQueries.BridgeUse b : db.bridges(id)) {
      bridges.add(ordered("bridge", b.bridge(), "firstUsed", b.firstUsedAt().toString()));
    }
    out.put("bridges", bridges);
    List<Object> media = new ArrayList<>();
    for (RecordQueries.Media x : db.media(id)) {
      Map<String, Object> r =
          ordered(
              "endpoint", x.endpoint(),
              "at", x.recordedAt().toString(),
              "packetsReceived", x.packetsReceived(),
              "packetsLost", x.packetsLost());
      long expected = x.packetsReceived() + x.packetsLost();
      r.put(
          "lossPercent",
          expected == 0 ? 0.0 : Math.round(1000.0 * x.packetsLost() / expected) / 10.0);
      r.put("bitrateBps", x.bitrateBps());
      r.put("layerSwitches", x.layerSwitches());
      media.add(r);
    }
    out.put("media", media);
    List<Object> files = new ArrayList<>();
    for (MeetingFiles.StoredFile f : records.files().ofMeeting(id)) {
      Map<String, Object> r =
          ordered(
              "name",
              f.name(),
              "size",
              f.size(),
              "type",
              f.contentType(),
              "uploader",
              f.uploader());
      r.put("at", f.createdAt().toString());
      r.put("path", FILES_PREFIX + f.key());
      r.put("deleted", f.deletedAt() == null ? null : f.deletedAt().toString());
      files.add(r);
    }
    out.put("files", files);
    out.put("timeline", timeline(ps, audit));
    json(response, callback, out);
  }

  /** Joins, leaves and audit entries in time order: the meeting as it happened. */
  private static List<Object> timeline(List<Participation> ps, List<AuditEntry> audit) {
    // At one instant: joins, then what was done (a kick), then the leaves it caused.
    record Item(Instant at, int rank, Map<String, Object> json) {}
    List<Item> items = new ArrayList<>();
    for (Participation p : ps) {
      items.add(
          new Item(
              p.joinedAt(),
              0,
              ordered("at", p.joinedAt().toString(), "event", "join", "who", who(p))));
      if (p.leftAt() != null) {
        items.add(
            new Item(
                p.leftAt(),
                2,
                ordered("at", p.leftAt().toString(), "event", "leave", "who", who(p))));
      }
    }
    for (AuditEntry a : audit) {
      Map<String, Object> j =
          ordered("at", a.at().toString(), "event", a.action(), "who", a.actor());
      j.put("target", a.target());
      items.add(new Item(a.at(), 1, j));
    }
    items.sort(Comparator.comparing(Item::at).thenComparingInt(Item::rank));
    List<Object> out = new ArrayList<>();
    for (Item i : items) {
      out.add(i.json());
    }
    return out;
  }

  private static String who(Participation p) {
    return p.displayName() == null ? p.endpoint() : p.displayName();
  }

  private void participants(
      Request request, String id, Fields q, Response response, Callback callback) {
    allow(q, "format");
    RecordQueries db = records.queries();
    if (db.meeting(id).isEmpty()) {
      Headers.text(response, callback, HttpStatus.NOT_FOUND_404, "no meeting " + id + "\n");
      return;
    }
    List<Participation> ps = db.participations(id);
    if (csv(request, q)) {
      List<List<Object>> out = new ArrayList<>();
      for (Participation p : ps) {
        out.add(
            List.of(
                p.endpoint(),
                p.displayName() == null ? "" : p.displayName(),
                p.clientKind(),
                p.joinedAt().toString(),
                p.leftAt() == null ? "" : p.leftAt().toString(),
                duration(p)));
      }
      csv(
          response,
          callback,
          "participants-" + id,
          List.of("endpoint", "name", "client", "joined", "left", "seconds"),
          out);
      return;
    }
    List<Object> out = new ArrayList<>();
    for (Participation p : ps) {
      out.add(participantJson(p));
    }
    json(response, callback, Map.of("participants", out));
  }

  private void audit(Request request, Fields q, Response response, Callback callback) {
    allow(q, "room", "action", "from", "to", "limit", "offset", "format");
    String action = q.getValue("action");
    if (action != null) {
      try {
        action = AuditAction.valueOf(action.trim().toUpperCase(java.util.Locale.ROOT)).name();
      } catch (IllegalArgumentException e) {
        throw new BadRequest(
            "action: one of "
                + java.util.Arrays.toString(AuditAction.values())
                + ", not '"
                + clip(action)
                + "'");
      }
    }
    List<AuditEntry> rows = records.queries().audit(filter(q), action);
    if (csv(request, q)) {
      List<List<Object>> out = new ArrayList<>();
      for (AuditEntry a : rows) {
        out.add(
            List.of(
                a.at().toString(),
                nz(a.room()),
                a.action(),
                nz(a.actor()),
                nz(a.target()),
                nz(a.detail())));
      }
      csv(
          response,
          callback,
          "audit",
          List.of("at", "room", "action", "actor", "target", "detail"),
          out);
      return;
    }
    List<Object> out = new ArrayList<>();
    for (AuditEntry a : rows) {
      Map<String, Object> j =
          ordered("at", a.at().toString(), "room", a.room(), "action", a.action());
      j.put("actor", a.actor());
      j.put("target", a.target());
      j.put("detail", a.detail());
      out.add(j);
    }
    json(response, callback, Map.of("audit", out));
  }

  private void stats(Fields q, Response response, Callback callback) {
    allow(q, "from", "to");
    Instant now = clock.get();
    Instant to =
        q.getValue("to") == null
            ? LocalDate.ofInstant(now, ZoneOffset.UTC)
                .plusDays(1)
                .atStartOfDay()
                .toInstant(ZoneOffset.UTC)
            : time(q, "to");
    Instant from = q.getValue("from") == null ? to.minus(Duration.ofDays(30)) : time(q, "from");
    if (!from.isBefore(to)) {
      throw new BadRequest("from must be before to");
    }
    if (Duration.between(from, to).toDays() >= Statistics.MAX_DAYS) {
      throw new BadRequest("at most " + Statistics.MAX_DAYS + " days at once");
    }
    Statistics.Summary s = records.statistics(from, to, now);
    List<Object> days = new ArrayList<>();
    for (Statistics.Day d : s.days()) {
      days.add(
          ordered(
              "date", d.date().toString(),
              "meetings", d.meetings(),
              "participantMinutes", d.participantMinutes(),
              "peakConcurrency", d.peakConcurrency()));
    }
    Map<String, Object> out =
        ordered(
            "from", from.toString(),
            "to", to.toString(),
            "meetings", s.meetings(),
            "participantMinutes", s.participantMinutes());
    out.put("peakConcurrency", s.peakConcurrency());
    out.put("days", days);
    json(response, callback, out);
  }

  private Filter filter(Fields q) {
    String room = q.getValue("room");
    if (room != null) {
      room = room.trim();
      if (room.isEmpty() || room.length() > 1024 || room.chars().anyMatch(c -> c < 0x20)) {
        throw new BadRequest("room: a room name or bare JID of 1 to 1024 printable characters");
      }
      if (!room.contains("@")) {
        room = room.toLowerCase(java.util.Locale.ROOT) + "@" + mucDomain;
      }
    }
    Instant from = q.getValue("from") == null ? null : time(q, "from");
    Instant to = q.getValue("to") == null ? null : time(q, "to");
    if (from != null && to != null && !from.isBefore(to)) {
      throw new BadRequest("from must be before to");
    }
    int limit = number(q, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    int offset = number(q, "offset", 0, 0, MAX_OFFSET);
    return new Filter(room, from, to, limit, offset);
  }

  /** An ISO-8601 instant ({@code 2026-12-07T08:00:00Z}) or a UTC date ({@code 2026-12-07}). */
  private static Instant time(Fields q, String name) {
    String v = q.getValue(name).trim();
    try {
      if (v.length() == 10) {
        return LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC);
      }
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      throw new BadRequest(
          name
              + ": expected a time such as 2026-12-07T08:00:00Z or a date such as 2026-12-07, not '"
              + clip(v)
              + "'");
    }
  }

  private static int number(Fields q, String name, int otherwise, int min, int max) {
    String v = q.getValue(name);
    if (v == null) {
      return otherwise;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new BadRequest(
        name + ": a whole number from " + min + " to " + max + ", not '" + clip(v) + "'");
  }

  /** Refuses parameters this resource does not take (and repeated ones). */
  private static void allow(Fields q, String... names) {
    Set<String> known = Set.of(names);
    for (Fields.Field f : q) {
      if (!known.contains(f.getName())) {
        throw new BadRequest(
            "unknown parameter '"
                + clip(f.getName())
                + "'"
                + (names.length == 0
                    ? "; this resource takes none"
                    : "; it takes " + String.join(", ", names)));
      }
      if (f.getValues().size() > 1) {
        throw new BadRequest("parameter '" + f.getName() + "' is given more than once");
      }
    }
    String format = q.getValue("format");
    if (format != null && !format.equals("csv") && !format.equals("json")) {
      throw new BadRequest("format: csv or json, not '" + clip(format) + "'");
    }
  }

  private static boolean csv(Request request, Fields q) {
    String format = q.getValue("format");
    if (format != null) {
      return format.equals("csv");
    }
    String accept = request.getHeaders().get(HttpHeader.ACCEPT);
    return accept != null && accept.contains("text/csv");
  }

  private static Map<String, Object> meetingJson(Meeting m) {
    Map<String, Object> j =
        ordered("id", m.id(), "room", m.room(), "started", m.startedAt().toString());
    j.put("ended", m.endedAt() == null ? null : m.endedAt().toString());
    j.put("peakParticipants", m.peakParticipants());
    return j;
  }

  private Map<String, Object> participantJson(Participation p) {
    Map<String, Object> j =
        ordered("endpoint", p.endpoint(), "name", p.displayName(), "client", p.clientKind());
    j.put("joined", p.joinedAt().toString());
    j.put("left", p.leftAt() == null ? null : p.leftAt().toString());
    j.put("seconds", duration(p));
    return j;
  }

  private long duration(Participation p) {
    Instant end = p.leftAt() == null ? clock.get() : p.leftAt();
    return Math.max(0, Duration.between(p.joinedAt(), end).toSeconds());
  }

  private static Map<String, Object> ordered(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private static void json(Response response, Callback callback, Object value) {
    StringBuilder out = new StringBuilder();
    Json.write(value, out);
    out.append('\n');
    Headers.body(response, callback, HttpStatus.OK_200, "application/json", out.toString());
  }

  private static void csv(
      Response response,
      Callback callback,
      String name,
      List<String> header,
      List<List<Object>> rows) {
    StringBuilder out = new StringBuilder();
    Csv.row(new ArrayList<>(header), out);
    for (List<Object> row : rows) {
      Csv.row(row, out);
    }
    response
        .getHeaders()
        .put("Content-Disposition", "attachment; filename=\"huddle-" + name + ".csv\"");
    Headers.body(response, callback, HttpStatus.OK_200, "text/csv;charset=utf-8", out.toString());
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  /** A value quoted back in an error, cut short and without control characters. */
  private static String clip(String s) {
    String t = s.length() > 60 ? s.substring(0, 60) + "…" : s;
    return t.replaceAll("\\p{Cntrl}", "?");
  }

  /** A 400, with the reason. */
  private static final class BadRequest extends RuntimeException {
    BadRequest(String message) {
      super(message, null, false, false);
    }
  }
}
