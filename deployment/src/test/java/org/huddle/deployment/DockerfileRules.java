package org.huddle.deployment;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A Dockerfile check for CI without a Docker engine (hadolint is not packaged in Debian): the rules
 * that keep an image reproducible and safe. Each problem names its line.
 */
final class DockerfileRules {
  static final Set<String> INSTRUCTIONS =
      Set.of(
          "FROM",
          "RUN",
          "CMD",
          "LABEL",
          "EXPOSE",
          "ENV",
          "ADD",
          "COPY",
          "ENTRYPOINT",
          "VOLUME",
          "USER",
          "WORKDIR",
          "ARG",
          "ONBUILD",
          "STOPSIGNAL",
          "HEALTHCHECK",
          "SHELL");

  private DockerfileRules() {}

  record Instruction(int line, String keyword, String args) {}

  /** Instructions with continuation lines joined; comments and parser directives dropped. */
  static List<Instruction> parse(Path dockerfile) throws IOException {
    List<Instruction> out = new ArrayList<>();
    List<String> lines = Files.readAllLines(dockerfile, UTF_8);
    StringBuilder current = null;
    int start = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (current == null && (line.isEmpty() || line.startsWith("#"))) {
        continue;
      }
      if (current != null && line.startsWith("#")) {
        continue;
      }
      boolean continues = line.endsWith("\\");
      String text = continues ? line.substring(0, line.length() - 1) : line;
      if (current == null) {
        current = new StringBuilder(text);
        start = i + 1;
      } else {
        current.append(' ').append(text);
      }
      if (!continues) {
        String full = current.toString().strip();
        int space = full.indexOf(' ');
        String keyword = (space < 0 ? full : full.substring(0, space)).toUpperCase(Locale.ROOT);
        out.add(
            new Instruction(start, keyword, space < 0 ? "" : full.substring(space + 1).strip()));
        current = null;
      }
    }
    return out;
  }

  /**
   * The marker by which a Dockerfile says, with its reason on the same line, that its image runs as
   * root on purpose (nginx binds 80 and 443 and reads a key only root may read, then its workers
   * drop to www-data) or is a base that other images give a user to.
   */
  static final String ROOT_OK = "# rules: root on purpose:";

  /** The problems in {@code dockerfile}, whose build context is {@code context}. */
  static List<String> check(Path dockerfile, Path context) throws IOException {
    return check(dockerfile, context, Set.of());
  }

  /**
   * The problems in {@code dockerfile}, whose build context is {@code context}; {@code generated}
   * names the sources the build script puts in the context before building.
   */
  static List<String> check(Path dockerfile, Path context, Set<String> generated)
      throws IOException {
    List<String> problems = new ArrayList<>();
    List<Instruction> all = parse(dockerfile);
    boolean rootOnPurpose =
        Files.readAllLines(dockerfile, UTF_8).stream()
            .anyMatch(l -> l.startsWith(ROOT_OK) && l.length() > ROOT_OK.length() + 10);
    java.util.Map<String, String> args = new java.util.HashMap<>();
    ObjectMapper json = new ObjectMapper();
    boolean sawFrom = false;
    String user = null;
    for (Instruction in : all) {
      String where = "line " + in.line() + ": ";
      if (!INSTRUCTIONS.contains(in.keyword())) {
        problems.add(where + "unknown instruction " + in.keyword());
        continue;
      }
      switch (in.keyword()) {
        case "ARG" -> {
          int eq = in.args().indexOf('=');
          if (eq > 0) {
            args.put(in.args().substring(0, eq).strip(), in.args().substring(eq + 1).strip());
          }
        }
        case "FROM" -> {
          sawFrom = true;
          String image = in.args().split("\\s+")[0];
          java.util.regex.Matcher m =
              java.util.regex.Pattern.compile("^\\$\\{?(\\w+)}?$").matcher(image);
          if (m.matches()) {
            image = args.getOrDefault(m.group(1), image);
          }
          if (image.startsWith("localhost/")) {
            // Built on this machine by deploy.sh build --offline, under a content-hash tag.
            continue;
          }
          boolean digest = image.contains("@sha256:");
          String tag = image.contains(":") ? image.substring(image.lastIndexOf(':') + 1) : "";
          if (!digest && (tag.isEmpty() || tag.equals("latest") || !tag.matches(".*[0-9].*"))) {
            problems.add(where + "base image " + image + " is not pinned to a version");
          }
        }
        case "ADD" -> {
          if (in.args().matches("(?s).*\\bhttps?://.*")) {
            problems.add(where + "ADD of a URL: download in RUN with a checksum, or COPY");
          }
          problems.addAll(missingSources(in, context, generated));
        }
        case "COPY" -> problems.addAll(missingSources(in, context, generated));
        case "USER" -> user = in.args();
        case "ENTRYPOINT", "CMD" -> {
          try {
            JsonNode node = json.readTree(in.args());
            if (!node.isArray() || node.isEmpty()) {
              problems.add(where + in.keyword() + " must be a non-empty exec form array");
            }
          } catch (IOException e) {
            problems.add(
                where + in.keyword() + " is not in exec form (a JSON array), so signals miss Java");
          }
        }
        case "EXPOSE" -> {
          for (String port : in.args().split("\\s+")) {
            if (!port.matches("[0-9]{1,5}(/(tcp|udp))?")) {
              problems.add(where + "EXPOSE " + port + " is not a port");
            }
          }
        }
        default -> {}
      }
    }
    if (!sawFrom || all.isEmpty() || !all.get(0).keyword().matches("FROM|ARG")) {
      problems.add("the first instruction must be FROM (or ARG for it)");
    }
    if (!rootOnPurpose && (user == null || user.equals("root") || user.startsWith("0"))) {
      problems.add("no USER, or USER root: the image must run as an unprivileged user");
    }
    return problems;
  }

  private static List<String> missingSources(Instruction in, Path context, Set<String> generated) {
    List<String> problems = new ArrayList<>();
    if (in.args().contains("--from=")) {
      return problems; // from an earlier stage, not from the context
    }
    List<String> words = new ArrayList<>();
    for (String w : in.args().split("\\s+")) {
      if (!w.startsWith("--")) {
        words.add(w);
      }
    }
    for (String source : words.subList(0, Math.max(0, words.size() - 1))) {
      if (source.matches("https?://.*") || source.contains("*") || generated.contains(source)) {
        continue;
      }
      if (!Files.exists(context.resolve(source))) {
        problems.add(
            "line "
                + in.line()
                + ": "
                + in.keyword()
                + " source "
                + source
                + " is not in the build context "
                + context);
      }
    }
    return problems;
  }
}
