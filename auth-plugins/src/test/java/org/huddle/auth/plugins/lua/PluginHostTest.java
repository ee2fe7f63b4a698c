package org.huddle.auth.plugins.lua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.huddle.auth.plugins.testing.PluginServer.join;
import static org.huddle.auth.plugins.testing.PluginServer.muc;
import static org.huddle.auth.plugins.testing.PluginServer.refusedWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.huddle.auth.plugins.testing.LogCapture;
import org.huddle.auth.plugins.testing.PluginServer;
import org.jivesoftware.smack.packet.StanzaError.Condition;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plugins from a folder, run by a real server, driven by Smack clients. */
class PluginHostTest {
  static final Duration RELOAD = Duration.ofSeconds(15);

  @TempDir Path dir;
  PluginServer server;
  LogCapture log = new LogCapture();

  @AfterEach
  void stop() {
    log.close();
    if (server != null) {
      server.close();
    }
  }

  PluginServer start(String modules, Map<String, String> env, String config) {
    Map<String, String> all = new HashMap<>(env);
    all.put("XMPP_MUC_MODULES", modules);
    server = PluginServer.start(all, config, dir);
    return server;
  }

  PluginServer start(String modules) {
    return start(modules, Map.of(), null);
  }

  void write(String name, String text) throws IOException {
    Path tmp = dir.resolve("." + name + ".tmp");
    Files.writeString(tmp, text);
    Files.move(
        tmp,
        dir.resolve(name),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  PluginStatus status(String module) {
    return server.plugins().status().stream()
        .filter(s -> s.module().equals(module) && s.host().equals(PluginServer.MUC))
        .findFirst()
        .orElseThrow();
  }

  /** Rewrites a plugin and waits until the server has tried to load the new text. */
  void rewrite(String module, String text) throws IOException {
    int before = status(module).reloadAttempts();
    write(module + ".lua", text);
    await().atMost(RELOAD).until(() -> status(module).reloadAttempts() > before);
  }

  static final String NO_BOTS =
      """
      module:hook("muc-occupant-pre-join", function(event)
        if event.occupant.nick:match("/bot") then
          return event:deny("forbidden", "no bots here")
        end
      end)
      """;

  @Nested
  class TheModuleApi {
    @Test
    void hooksARoomEventByProsodysNameAndDeniesWithItsReason() throws Exception {
      write("no_bots.lua", NO_BOTS);
      start("no_bots");
      XMPPTCPConnection c = server.anonymous();
      assertThat(refusedWith(Condition.forbidden, () -> join(muc(c, "hall"), "bot-1")))
          .isEqualTo("no bots here");
      assertThat(join(muc(c, "hall"), "human")).isNotNull();
    }

    @Test
    void showsTheRoomTheOccupantTheStanzaAndTheSession() throws Exception {
      write(
          "show.lua",
          """
          module:hook("muc-occupant-pre-join", function(e)
            local x = e.stanza:get_child("x", "http://jabber.org/protocol/muc")
            return e:deny("not-acceptable", table.concat({
              e.room.jid, e.occupant.nick, e.stanza.name, tostring(x ~= nil),
              e.origin.type, tostring(e.origin.anonymous), e.origin.ip,
              tostring(e.room:get_affiliation(e.occupant.bare_jid)) }, " "))
          end)
          """);
      start("show");
      String text =
          refusedWith(
              Condition.not_acceptable, () -> join(muc(server.anonymous(), "looking"), "ann"));
      assertThat(text)
          .isEqualTo(
              "looking@muc.meet.jitsi looking@muc.meet.jitsi/ann presence true c2s true"
                  + " 127.0.0.1 owner");
    }

    @Test
    void readsTypedOptionsAndTheEnvironmentWins() throws Exception {
      write(
          "opts.lua",
          """
          local limit = module:get_option_integer("my_limit", 1)
          local period = module:get_option_period("my_period", "2 minutes")
          local flag = module:get_option_boolean("my_flag", false)
          local rooms = module:get_option_set("public_rooms", {})
          local fallback = module:get_option_string("not_set", "dflt")
          module:hook("muc-occupant-pre-join", function(e)
            return e:deny("not-acceptable", string.format("%d %d %s %s %s %s", limit, period,
              tostring(flag), tostring(rooms:contains("b")), tostring(rooms:contains("z")), fallback))
          end)
          """);
      start(
          "opts",
          Map.of("HUDDLE_PUBLIC_ROOMS", "a,b"),
          "my_limit = 7\nmy_period = \"90 seconds\"\nmy_flag = \"yes\"\npublic_rooms = { \"z\" }\n");
      String text =
          refusedWith(Condition.not_acceptable, () -> join(muc(server.anonymous(), "r"), "ann"));
      assertThat(text).isEqualTo("7 90 true true false dflt");
    }

    @Test
    void aHookThatEndsTheChainWithoutSayingWhyStillRefuses() throws Exception {
      write("stop.lua", "module:hook('muc-occupant-pre-join', function(e) return true end)\n");
      start("stop");
      refusedWith(Condition.not_allowed, () -> join(muc(server.anonymous(), "r"), "ann"));
    }

    @Test
    void requireFindsLibrariesInThePluginFolderOnly() throws Exception {
      write("helpers.lua", "return { greet = function(n) return 'hi ' .. n end }\n");
      write(
          "uses.lua",
          """
          local helpers = require "helpers"
          local jid = require "util.jid"
          local escaped = pcall(require, "..helpers")
          local javaClass = pcall(require, "java.lang.System")
          module:hook("muc-occupant-pre-join", function(e)
            return e:deny("not-acceptable", helpers.greet(jid.resource(e.occupant.nick))
              .. " " .. tostring(escaped) .. " " .. tostring(javaClass))
          end)
          """);
      start("uses");
      assertThat(
              refusedWith(
                  Condition.not_acceptable, () -> join(muc(server.anonymous(), "r"), "ann")))
          .isEqualTo("hi ann false false");
    }
  }

  @Nested
  class FailingClosed {
    @Test
    void aPluginThatLoopsForeverRefusesTheJoinAndTheServerCarriesOn() throws Exception {
      write(
          "spin.lua",
          """
          module:hook("muc-occupant-pre-join", function(e)
            if e.room.jid:match("^spin") then
              while true do end
            end
          end)
          """);
      start("spin");
      XMPPTCPConnection c = server.anonymous();
      assertThat(refusedWith(Condition.internal_server_error, () -> join(muc(c, "spin"), "ann")))
          .doesNotContain("spin.lua");
      assertThat(log.containing("spin.lua:3: instruction budget exceeded")).isNotEmpty();
      assertThat(join(muc(c, "calm"), "ann")).as("other rooms still open").isNotNull();
      assertThat(PingManager.getInstanceFor(c).pingMyServer()).isTrue();
    }

    @Test
    void aPluginThatThrowsRefusesTheJoinAndLogsItsFileAndLine() throws Exception {
      write(
          "oops.lua",
          """
          module:hook("muc-occupant-pre-join", function(e)
            local t = nil
            return t.field
          end)
          """);
      start("oops");
      refusedWith(Condition.internal_server_error, () -> join(muc(server.anonymous(), "r"), "a"));
      assertThat(log.containing("oops.lua:3: attempt to index")).isNotEmpty();
    }

    @Test
    void aPluginThatRecursesWithoutEndRefusesTheJoinAndKeepsWorking() throws Exception {
      write(
          "deep.lua",
          """
          local function down(n) return 1 + down(n + 1) end
          module:hook("muc-occupant-pre-join", function(e)
            if e.room.jid:match("^deep") then return down(0) end
          end)
          """);
      start("deep");
      XMPPTCPConnection c = server.anonymous();
      refusedWith(Condition.internal_server_error, () -> join(muc(c, "deep"), "ann"));
      assertThat(log.containing("deep.lua: stack overflow")).isNotEmpty();
      assertThat(join(muc(c, "shallow"), "ann")).isNotNull();
      refusedWith(Condition.internal_server_error, () -> join(muc(c, "deep-2"), "ann"));
    }

    @Test
    void aSyntaxErrorAtStartRefusesJoinsUntilFixedAndTheServerKeepsServing() throws Exception {
      write("policy.lua", "module:hook('muc-occupant-pre-join', function(e)\n  if then\nend)\n");
      start("policy");
      assertThat(status("policy").state()).isEqualTo("broken");
      assertThat(status("policy").lastError()).startsWith("policy.lua:2:");
      assertThat(log.containing("policy.lua:2:")).isNotEmpty();

      XMPPTCPConnection c = server.anonymous();
      refusedWith(Condition.internal_server_error, () -> join(muc(c, "r"), "ann"));
      assertThat(PingManager.getInstanceFor(c).pingMyServer()).isTrue();
      assertThat(join(muc(server.focus(), "r"), "focus"))
          .as("server admins still get in")
          .isNotNull();

      rewrite("policy", NO_BOTS);
      assertThat(status("policy").state()).isEqualTo("loaded");
      assertThat(join(muc(c, "r"), "ann")).isNotNull();
    }

    @Test
    void anUnknownEventNameIsALoadErrorAtItsLine() throws Exception {
      write("typo.lua", "\nmodule:hook('muc-occupant-prejoin', function(e) end)\n");
      start("typo");
      assertThat(status("typo").lastError())
          .isEqualTo("typo.lua:2: unknown event 'muc-occupant-prejoin'");
      refusedWith(Condition.internal_server_error, () -> join(muc(server.anonymous(), "r"), "a"));
    }
  }

  @Nested
  class Reloading {
    @Test
    void editingAPluginReloadsItWithoutARestart() throws Exception {
      write("no_bots.lua", NO_BOTS);
      start("no_bots");
      XMPPTCPConnection c = server.anonymous();
      refusedWith(Condition.forbidden, () -> join(muc(c, "a"), "bot"));

      rewrite("no_bots", NO_BOTS.replace("/bot", "/robot"));
      assertThat(join(muc(c, "a"), "bot")).isNotNull();
      refusedWith(Condition.forbidden, () -> join(muc(c, "b"), "robot"));
    }

    @Test
    void aSyntaxErrorKeepsTheLastGoodVersionAndSaysWhy() throws Exception {
      write("no_bots.lua", NO_BOTS);
      start("no_bots");
      rewrite("no_bots", NO_BOTS + "\nthis is not lua\n");
      assertThat(status("no_bots").state()).isEqualTo("loaded");
      assertThat(status("no_bots").lastError()).startsWith("no_bots.lua:7:");
      assertThat(log.containing("the previous version keeps running")).isNotEmpty();
      XMPPTCPConnection c = server.anonymous();
      refusedWith(Condition.forbidden, () -> join(muc(c, "a"), "bot"));
      assertThat(join(muc(c, "a"), "human")).isNotNull();
    }

    @Test
    void aPluginThatLoopsWhileLoadingKeepsTheLastGoodVersion() throws Exception {
      write("no_bots.lua", NO_BOTS);
      start("no_bots");
      rewrite("no_bots", "while true do end\n");
      assertThat(status("no_bots").lastError())
          .isEqualTo("no_bots.lua:1: instruction budget exceeded while loading");
      refusedWith(Condition.forbidden, () -> join(muc(server.anonymous(), "a"), "bot"));
    }

    @Test
    void aPluginWhoseFileAppearsLaterIsLoadedThen() throws Exception {
      start("later");
      assertThat(status("later").state()).isEqualTo("absent");
      assertThat(join(muc(server.anonymous(), "a"), "bot")).isNotNull();
      rewrite("later", NO_BOTS);
      assertThat(status("later").state()).isEqualTo("loaded");
      refusedWith(Condition.forbidden, () -> join(muc(server.anonymous(), "b"), "bot"));
    }

    @Test
    void editingARequiredLibraryReloadsThePluginsThatUseIt() throws Exception {
      write("names.lua", "return { banned = 'bot' }\n");
      write(
          "ban.lua",
          """
          local names = require "names"
          module:hook("muc-occupant-pre-join", function(e)
            if e.occupant.nick:match("/" .. names.banned .. "$") then
              return e:deny("forbidden", "banned")
            end
          end)
          """);
      start("ban");
      XMPPTCPConnection c = server.anonymous();
      refusedWith(Condition.forbidden, () -> join(muc(c, "a"), "bot"));
      int before = status("ban").reloadAttempts();
      write("names.lua", "return { banned = 'eve' }\n");
      await().atMost(RELOAD).until(() -> status("ban").reloadAttempts() > before);
      assertThat(join(muc(c, "a"), "bot")).isNotNull();
      refusedWith(Condition.forbidden, () -> join(muc(c, "b"), "eve"));
    }
  }
}
