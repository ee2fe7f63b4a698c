package org.huddle.web.site;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.huddle.records.Accounts;
import org.huddle.records.Accounts.Account;
import org.huddle.records.AuditAction;

/**
 * The accounts, for admins: {@code GET /api/accounts} lists them, {@code PUT /api/accounts/{name}}
 * with {@code {"password", "role", "email"}} creates or changes one, {@code DELETE
 * /api/accounts/{name}} removes one. A change ends the account's sessions and is audited (never
 * with the password).
 */
final class AccountApi {
  static final String PATH = "/api/accounts";
  private static final Pattern ONE = Pattern.compile("/api/accounts/([^/]{1,64})");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Accounts accounts;
  private final Principal who;
  private final AdminLogin login;

  AccountApi(Accounts accounts, Principal who, AdminLogin login) {
    this.accounts = accounts;
    this.who = who;
    this.login = login;
  }

  void handle(Request request, Response response, Callback callback) throws IOException {
    String path = Request.getPathInContext(request);
    String method = request.getMethod();
    if (path.equals(PATH) && ("GET".equals(method) || "HEAD".equals(method))) {
      List<Object> out = new ArrayList<>();
      for (Account a : accounts.list()) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("name", a.name());
        j.put("role", a.role().value());
        j.put("email", a.email());
        out.add(j);
      }
      AdminLogin.reply(response, callback, HttpStatus.OK_200, Map.of("accounts", out));
      return;
    }
    Matcher one = ONE.matcher(path);
    if (!one.matches()) {
      Headers.text(response, callback, HttpStatus.NOT_FOUND_404, "no such API\n");
      return;
    }
    String name = Accounts.checkedName(one.group(1));
    switch (method) {
      case "PUT" -> {
        JsonNode n = body(request);
        Accounts.Role role = Accounts.Role.of(n.path("role").asText("organizer"));
        String email = n.path("email").isTextual() ? n.path("email").asText() : null;
        JsonNode pw = n.path("password");
        if (!pw.isTextual()) {
          throw new IllegalArgumentException("password: a string is needed");
        }
        boolean created = accounts.put(name, pw.asText(), role, email);
        login.sessions().closeAll(name);
        login.audit(
            AuditAction.ACCOUNT_CHANGED,
            null,
            who.name(),
            name,
            (created ? "created, " : "changed, ") + role.value());
        Headers.text(
            response,
            callback,
            created ? HttpStatus.CREATED_201 : HttpStatus.OK_200,
            (created ? "created " : "changed ") + name + "\n");
      }
      case "DELETE" -> {
        if (!accounts.remove(name)) {
          Headers.text(response, callback, HttpStatus.NOT_FOUND_404, "no account " + name + "\n");
          return;
        }
        login.sessions().closeAll(name);
        login.audit(AuditAction.ACCOUNT_CHANGED, null, who.name(), name, "removed");
        Headers.text(response, callback, HttpStatus.OK_200, "removed " + name + "\n");
      }
      default -> {
        response.getHeaders().put("Allow", "PUT, DELETE");
        Headers.text(
            response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "allowed: PUT, DELETE\n");
      }
    }
  }

  private static JsonNode body(Request request) throws IOException {
    String body = Content.Source.asString(request, StandardCharsets.UTF_8);
    if (body.length() > 8 * 1024) {
      throw new IllegalArgumentException("the body is larger than 8 KiB");
    }
    try {
      JsonNode n = JSON.readTree(body);
      if (n != null && n.isObject()) {
        return n;
      }
    } catch (IOException e) {
      // answered below
    }
    throw new IllegalArgumentException("the body is a JSON object: password, role, email");
  }
}
