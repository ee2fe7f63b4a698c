package org.huddle.focus.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.huddle.focus.bridge.Bridge;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LuaStrategyTest {
  final Bridges bridges = new Bridges();
  final SelectionRequest request =
      new SelectionRequest("standup@muc.meet.jitsi", "eu", "ann@example.com", 3);
  List<Bridge> candidates;

  @BeforeEach
  void bridges() {
    candidates =
        List.of(bridges.announce("jvb-1", 0.1, "us"), bridges.announce("jvb-2", 0.2, "eu"));
  }

  static LuaStrategy lua(String source) {
    return new LuaStrategy(source, "test.lua", 100_000);
  }

  @Nested
  class Choosing {
    @Test
    void picksTheBridgeTheScriptNames() throws Exception {
      LuaStrategy s =
          lua(
              """
              function select_bridge(bridges, request)
                for _, b in ipairs(bridges) do
                  if b.region == request.region then return b.id end
                end
              end
              """);
      assertThat(s.select(candidates, request)).map(Bridge::nick).contains("jvb-2");
    }

    @Test
    void seesTheRequestAndTheBridgesLeastLoadedFirst() throws Exception {
      LuaStrategy s =
          lua(
              """
              function select_bridge(bridges, request)
                assert(request.room == "standup@muc.meet.jitsi")
                assert(request.email == "ann@example.com" and request.participants == 3)
                assert(#bridges == 2 and bridges[1].id == "jvb-1" and bridges[1].stress < 0.2)
                assert(bridges[2].jid == "jvbbrewery@internal-muc.meet.jitsi/jvb-2")
                return bridges[#bridges].id
              end
              """);
      assertThat(s.select(candidates, request)).map(Bridge::nick).contains("jvb-2");
    }

    @Test
    void nilMeansTheLeastLoaded() throws Exception {
      assertThat(lua("function select_bridge() return nil end").select(candidates, request))
          .isEmpty();
    }

    @Test
    void falseWithAReasonMakesTheConferenceWait() {
      LuaStrategy s = lua("function select_bridge() return false, 'maintenance window' end");
      assertThatThrownBy(() -> s.select(candidates, request))
          .isInstanceOf(BridgeStrategy.NoBridge.class)
          .hasMessage("maintenance window");
    }

    @Test
    void anUnknownIdMeansTheLeastLoaded() throws Exception {
      assertThat(lua("function select_bridge() return 'jvb-9' end").select(candidates, request))
          .isEmpty();
    }

    @Test
    void keepsStateBetweenCalls() throws Exception {
      LuaStrategy s =
          lua(
              """
              local n = 0
              function select_bridge(bridges)
                n = n + 1
                return bridges[(n % #bridges) + 1].id
              end
              """);
      Optional<Bridge> first = s.select(candidates, request);
      Optional<Bridge> second = s.select(candidates, request);
      assertThat(first).isNotEqualTo(second);
    }
  }

  @Nested
  class Sandbox {
    @Test
    void aLoopIsStoppedByTheBudgetAndGetsTheLeastLoaded() throws Exception {
      LuaStrategy s = lua("function select_bridge() while true do end end");
      assertThat(s.select(candidates, request)).isEmpty();
    }

    @Test
    void pcallCannotCatchTheBudget() throws Exception {
      LuaStrategy s =
          lua(
              """
              function select_bridge(bridges)
                while true do pcall(function() while true do end end) end
              end
              """);
      assertThat(s.select(candidates, request)).isEmpty();
    }

    @Test
    void hasNoFilesProcessesLoadersOrDebug() throws Exception {
      LuaStrategy s =
          lua(
              """
              function select_bridge(bridges)
                if io or os or load or loadstring or dofile or loadfile or require
                   or debug or package or coroutine or luajava or string.dump then
                  return bridges[1].id
                end
                return bridges[2].id
              end
              """);
      assertThat(s.select(candidates, request)).map(Bridge::nick).contains("jvb-2");
    }

    @Test
    void aHugeStringIsRefused() throws Exception {
      LuaStrategy s =
          lua("function select_bridge() local x = string.rep('x', 1e9) return 'jvb-2' end");
      assertThat(s.select(candidates, request)).isEmpty();
    }

    @Test
    void aCallThatAllocatesOverTheMemoryBudgetGetsTheLeastLoaded() throws Exception {
      // Instructions to spare: only the allocation budget (16 MiB a call) can stop it.
      String source =
          """
          function select_bridge(bridges, request)
            local t = {}
            for i = 1, request.participants do t[i] = "bridge " .. i end
            return bridges[2].id
          end
          """;
      LuaStrategy s = new LuaStrategy(source, "test.lua", 2_000_000_000L);
      assertThat(s.select(candidates, request)).map(Bridge::nick).contains("jvb-2");
      SelectionRequest huge = new SelectionRequest(request.room(), "eu", "", 2_000_000);
      assertThat(s.select(candidates, huge)).isEmpty();
    }

    @Test
    void anErrorGetsTheLeastLoaded() throws Exception {
      assertThat(lua("function select_bridge() error('boom') end").select(candidates, request))
          .isEmpty();
    }
  }

  @Nested
  class Loading {
    @Test
    void aSyntaxErrorFailsTheStartNamingTheFile(@TempDir Path dir) throws Exception {
      Path f = dir.resolve("broken.lua");
      Files.writeString(f, "function select_bridge(\n");
      assertThatThrownBy(() -> LuaStrategy.load(f, 100_000))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("broken.lua");
    }

    @Test
    void aScriptWithoutSelectBridgeFailsTheStart() {
      assertThatThrownBy(() -> lua("function select() end")).hasMessageContaining("select_bridge");
    }

    @Test
    void aMainChunkThatLoopsFailsTheStart() {
      assertThatThrownBy(() -> lua("while true do end")).hasMessageContaining("budget");
    }
  }
}
