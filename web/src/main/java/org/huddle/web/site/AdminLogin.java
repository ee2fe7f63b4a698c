package org.huddle.web.site;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.huddle.records.Accounts.Account;
import org.huddle.records.AuditAction;
import org.huddle.records.RecordEvent.Audit;
import org.huddle.records.Records;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may use {@code /api/}: the admin token ({@code Authorization: Bearer}), or an account logged
 * in with {@code POST /api/login} (an opaque session cookie, HttpOnly, SameSite=Strict, Secure
 * behind https). Logins are limited per address and per name ({@link LoginLimits}); each login,
 * failed login and logout is an audit entry. Passwords are never logged nor audited.
 */
final class AdminLogin {
  private static final Logger LOG = LoggerFactory.getLogger(AdminLogin.class);
  static final String COOKIE = "huddle_session";
  static final String LOGIN = "/api/login";
  static final String LOGOUT = "/api/logout";
  static final String ME = "/api/me";
  private static final int MAX_BODY = 8 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AdminToken token;
  private final Records records;
  private final boolean httpsOnly;
  private final Sessions sessions = new Sessions(System::nanoTime);
  private final LoginLimits limits = new LoginLimits(System::nanoTime);

  /**
   * @param records where accounts live and audit entries go, or null (token only)
   * @param httpsOnly the site is reached over https (PUBLIC_URL): cookies get Secure
   */
  AdminLogin(AdminToken token, Records records, boolean httpsOnly) {
    this.token = token;
    this.records = records;
    this.httpsOnly = httpsOnly;
  }

  static boolean handles(String path) {
    return path.equals(LOGIN) || path.equals(LOGOUT) || path.equals(ME);
  }

  Sessions sessions() {
    return sessions;
  }

  /**
   * Who calls, or null after answering 401 or 403: the token when the request carries one (and then
   * it must be right), else the session its cookie names.
   */
  Principal admit(Request request, Response response, Callback callback) {
    String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (auth != null && auth.startsWith("Bearer ")) {
      return token.admit(request, response, callback) ? Principal.TOKEN : null;
    }
    String session = cookie(request);
    Principal who = sessions.who(session);
    if (who != null && current(who)) {
      return who;
    }
    if (who != null) {
      sessions.close(session);
    }
    if (!token.configured() && records == null) {
      return token.admit(request, response, callback) ? Principal.TOKEN : null;
    }
    response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
    Headers.text(
        response,
        callback,
        HttpStatus.UNAUTHORIZED_401,
        "log in (POST /api/login) or send the admin token\n");
    return null;
  }

  /**
   * Whether a session's account still is what it was at login: removed or given another role
   * elsewhere (huddle admin, another web process), its sessions end here too.
   */
  private boolean current(Principal who) {
    try {
      return records
          .accounts()
          .find(who.name())
          .map(a -> a.role() == who.role() && java.util.Objects.equals(a.email(), who.email()))
          .orElse(false);
    } catch (RuntimeException e) {
      return true; // the database is away: the API answers 503 for what needs it
    }
  }

  /** {@code /api/login}, {@code /api/logout} and {@code /api/me}. */
  void handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    String method = request.getMethod();
    if (path.equals(ME)) {
      Principal who = admit(request, response, callback);
      if (who != null) {
        reply(response, callback, HttpStatus.OK_200, json(who));
      }
      return;
    }
    if (!"POST".equals(method)) {
      response.getHeaders().put("Allow", "POST");
      Headers.text(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "allowed: POST\n");
      return;
    }
    if (path.equals(LOGOUT)) {
      Principal who = sessions.close(cookie(request));
      if (who != null) {
        audit(AuditAction.LOGOUT, who.name(), null);
      }
      Response.addCookie(response, cookie(request, "", 0));
      Headers.text(response, callback, HttpStatus.OK_200, "logged out\n");
      return;
    }
    login(request, response, callback);
  }

  private void login(Request request, Response response, Callback callback) {
    if (records == null) {
      Headers.text(
          response,
          callback,
          HttpStatus.SERVICE_UNAVAILABLE_503,
          "records are off (HUDDLE_RECORDS_ENABLED=false): accounts live in the records\n");
      return;
    }
    String name;
    String password;
    try {
      JsonNode n = body(request);
      name = text(n, "name");
      password = text(n, "password");
    } catch (IllegalArgumentException e) {
      Headers.text(response, callback, HttpStatus.BAD_REQUEST_400, e.getMessage() + "\n");
      return;
    }
    String key = name.trim().toLowerCase(java.util.Locale.ROOT);
    key = key.length() > 64 ? key.substring(0, 64) : key;
    String address = Request.getRemoteAddr(request);
    long wait = limits.retryAfter(address, key);
    if (wait > 0) {
      response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(wait));
      Headers.text(
          response,
          callback,
          HttpStatus.TOO_MANY_REQUESTS_429,
          "too many failed logins; try again in " + wait + " seconds\n");
      return;
    }
    Optional<Account> account;
    try {
      account = records.accounts().verify(name, password);
    } catch (RuntimeException e) {
      LOG.warn("login: the records database cannot answer: {}", e.toString());
      Headers.text(
          response,
          callback,
          HttpStatus.SERVICE_UNAVAILABLE_503,
          "the records database cannot answer now; try again later\n");
      return;
    }
    if (account.isEmpty()) {
      limits.failed(address, key);
      audit(AuditAction.LOGIN_FAILED, key, "from " + address);
      Headers.text(response, callback, HttpStatus.UNAUTHORIZED_401, "wrong name or password\n");
      return;
    }
    limits.succeeded(key);
    Principal who = Principal.of(account.get());
    String session = sessions.open(who);
    audit(AuditAction.LOGIN, who.name(), "from " + address);
    Response.addCookie(response, cookie(request, session, Sessions.TTL.toSeconds()));
    reply(response, callback, HttpStatus.OK_200, json(who));
  }

  /** Writes an audit entry (never with a password). */
  void audit(AuditAction action, String actor, String detail) {
    audit(action, null, actor, null, detail);
  }

  void audit(AuditAction action, String room, String actor, String target, String detail) {
    if (records != null) {
      records.record(Audit.of(Instant.now(), room, action, actor, target, detail));
    }
  }

  private HttpCookie cookie(Request request, String value, long maxAge) {
    return HttpCookie.build(COOKIE, value)
        .path("/api/")
        .maxAge(maxAge)
        .httpOnly(true)
        .sameSite(HttpCookie.SameSite.STRICT)
        .secure(httpsOnly || request.isSecure())
        .build();
  }

  private static String cookie(Request request) {
    for (HttpCookie c : Request.getCookies(request)) {
      if (c.getName().equals(COOKIE)) {
        return c.getValue();
      }
    }
    return null;
  }

  private static JsonNode body(Request request) {
    String body;
    try {
      body = Content.Source.asString(request, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("the body could not be read");
    }
    if (body.length() > MAX_BODY) {
      throw new IllegalArgumentException("the body is larger than 8 KiB");
    }
    try {
      JsonNode n = JSON.readTree(body);
      if (n == null || !n.isObject()) {
        throw new IllegalArgumentException("the body is a JSON object: name, password");
      }
      return n;
    } catch (IOException e) {
      throw new IllegalArgumentException("the body is not JSON");
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.path(field);
    if (!v.isTextual() || v.asText().isEmpty()) {
      throw new IllegalArgumentException(field + ": a string is needed");
    }
    return v.asText();
  }

  static Map<String, Object> json(Principal who) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("name", who.name());
    j.put("role", who.role().value());
    j.put("email", who.email());
    return j;
  }

  static void reply(Response response, Callback callback, int status, Object value) {
    StringBuilder out = new StringBuilder();
    Json.write(value, out);
    out.append('\n');
    Headers.body(response, callback, status, "application/json", out.toString());
  }
}
