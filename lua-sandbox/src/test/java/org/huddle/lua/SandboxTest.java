package org.huddle.lua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;

class SandboxTest {
  static final SandboxLimits LIMITS = new SandboxLimits(100_000, 8 << 20, 1 << 20);

  static LuaValue run(Sandbox sb, String code) {
    LuaValue chunk = sb.compile(code, "test.lua");
    return sb.run(1, () -> chunk.call());
  }

  @Nested
  class WhatAPluginCanReach {
    @Test
    void hasNoIoOsDebugLoadOrPackage() {
      Sandbox sb = new Sandbox(LIMITS);
      LuaValue r =
          run(
              sb,
              "return type(io)..type(os)..type(debug)..type(load)..type(loadstring)"
                  + "..type(dofile)..type(loadfile)..type(package)..type(require)"
                  + "..type(coroutine)..type(collectgarbage)..type(string.dump)");
      assertThat(r.tojstring()).isEqualTo("nil".repeat(12));
    }

    @Test
    void keepsTheSafeLibraries() {
      Sandbox sb = new Sandbox(LIMITS);
      LuaValue r =
          run(
              sb,
              "return string.format('%s-%d', ('ab'):upper(), math.max(1, 2))"
                  + " .. table.concat({'x','y'}, ',') .. tostring(bit32.band(6, 3))");
      assertThat(r.tojstring()).isEqualTo("AB-2x,y2");
    }

    @Test
    void cannotChangeStringMethodsForOtherPlugins() {
      Sandbox a = new Sandbox(LIMITS);
      Sandbox b = new Sandbox(LIMITS);
      assertThat(run(a, "return getmetatable('')").toboolean()).isFalse();
      run(a, "string.upper = function() return 'owned' end");
      assertThat(run(b, "return ('x'):upper()").tojstring()).isEqualTo("X");
      assertThat(run(a, "return ('x'):upper()").tojstring()).isEqualTo("X");
    }
  }

  @Nested
  class TheBudget {
    @Test
    void stopsAnEndlessLoopAtItsLine() {
      Sandbox sb = new Sandbox(LIMITS);
      assertThatThrownBy(() -> run(sb, "local n = 0\nwhile true do\n  n = n + 1\nend"))
          .isInstanceOf(Sandbox.BudgetExceeded.class)
          .hasMessageMatching("test\\.lua:[2-4]: instruction budget exceeded");
    }

    @Test
    void cannotBeCaughtByPcall() {
      Sandbox sb = new Sandbox(LIMITS);
      assertThatThrownBy(() -> run(sb, "while true do pcall(function() while true do end end) end"))
          .isInstanceOf(Sandbox.BudgetExceeded.class);
    }

    @Test
    void cannotBeCaughtByAnXpcallHandler() {
      Sandbox sb = new Sandbox(LIMITS);
      assertThatThrownBy(
              () ->
                  run(
                      sb,
                      "while true do xpcall(function() error('x') end,"
                          + " function() while true do end end) end"))
          .isInstanceOf(Sandbox.BudgetExceeded.class);
    }

    @Test
    void stopsAStringThatDoublesUntilMemoryRunsOut() {
      Sandbox sb = new Sandbox(LIMITS);
      assertThatThrownBy(() -> run(sb, "local s = 'x'\nfor i = 1, 40 do s = s .. s end\nreturn #s"))
          .isInstanceOf(Sandbox.BudgetExceeded.class)
          .hasMessageContaining("memory budget exceeded");
    }

    @Test
    void refusesAHugeStringRep() {
      Sandbox sb = new Sandbox(LIMITS);
      assertThatThrownBy(() -> run(sb, "return ('x'):rep(1e9)"))
          .isInstanceOf(LuaError.class)
          .hasMessageContaining("string.rep");
    }

    @Test
    void startsAfreshForEachCall() {
      Sandbox sb = new Sandbox(LIMITS);
      LuaValue f =
          run(sb, "return function() local n = 0 for i = 1, 20000 do n = n + i end return n end");
      for (int i = 0; i < 20; i++) {
        assertThat(sb.call(f, LuaValue.NONE).arg1().todouble()).isEqualTo(200010000.0);
      }
    }

    @Test
    void keepsWorkingAfterAStoppedCall() {
      Sandbox sb = new Sandbox(LIMITS);
      LuaValue loop = run(sb, "return function() while true do end end");
      assertThatThrownBy(() -> sb.call(loop, LuaValue.NONE))
          .isInstanceOf(Sandbox.BudgetExceeded.class);
      assertThatThrownBy(() -> sb.call(loop, LuaValue.NONE))
          .as("the hook still fires after an aborted call")
          .isInstanceOf(Sandbox.BudgetExceeded.class);
      assertThat(run(sb, "return 1 + 1").toint()).isEqualTo(2);
    }
  }

  @Nested
  class Errors {
    @Test
    void aSyntaxErrorNamesTheFileAndLine() {
      Sandbox sb = new Sandbox(LIMITS);
      assertThatThrownBy(() -> sb.compile("local x = 1\nif x then\n", "broken.lua"))
          .isInstanceOfSatisfying(
              LuaError.class,
              e -> assertThat(Sandbox.describe(e)).matches("broken\\.lua:\\d: .*expected.*"));
    }

    @Test
    void aRuntimeErrorNamesTheFileAndLine() {
      Sandbox sb = new Sandbox(LIMITS);
      assertThatThrownBy(() -> run(sb, "local t = nil\n\nreturn t.x"))
          .isInstanceOfSatisfying(
              LuaError.class,
              e -> assertThat(Sandbox.describe(e)).startsWith("test.lua:3: attempt to index"));
    }
  }
}
