import Foundation
import ProcessSpawn
import Testing
import TestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// The real `snaprev review` in a real terminal (tmux): keys in, screen out, store checked.
@Suite(.serialized, .tags(.endToEnd), .timeLimit(.minutes(2)))
struct ReviewTmuxTests {
  static func command(_ store: String, _ extra: String = "") -> String {
    "\(Tmux.quote(SnaprevBinary.path)) review \(extra) --store \(Tmux.quote(store))"
  }

  @Test func moveFilterApproveQuitThenTheStoreSaysApproved() throws {
    let store = try ReviewE2E.demoStore()
    let tmux = try Tmux(
      width: 100, height: 30, command: Self.command(store, "2 --reviewer bob"),
      environment: ["TERM": "xterm-256color"])
    // The title comes with the first frame; the footer's "you: bob" can follow a frame later
    // (a loading frame shows the reload hint there first): wait for both, not just the title.
    var screen = try tmux.waitFor("NEEDS APPROVAL")
    #expect(screen.contains("#2  com.trailmix.app  main → feature/trail-profiles  PR #42"))
    screen = try tmux.waitFor("you: bob")
    try tmux.send("j", "j")
    screen = try tmux.waitFor("Home feed  iPhone 15")
    try tmux.send("/")
    try tmux.type("log")
    screen = try tmux.waitFor("2 matches")
    #expect(!screen.contains("Home feed"))
    try tmux.send("Enter", "n")
    try tmux.waitFor("Login  iPhone 15")
    try tmux.send("a")
    screen = try tmux.waitFor("Approve build #2?")
    #expect(screen.contains("as bob"))
    try tmux.send("y")
    screen = try tmux.waitFor("APPROVED by bob")
    #expect(screen.contains("Approved build #2 as bob"))
    try tmux.send("q")
    try tmux.waitFor("EXIT=0")
    #expect(try tmux.value("#{alternate_on}") == "0")

    let details = try ReviewE2E.show("2", store: store)
    #expect(details["approval_status"] as? String == "approved")
    #expect(ReviewE2E.approverNames(details) == ["bob"])
  }

  @Test func reviewMarksAreStoredAndResumeInTheNextSession() throws {
    let store = try ReviewE2E.demoStore()
    do {
      let first = try Tmux(width: 100, height: 30, command: Self.command(store, "2 --reviewer carol"))
      try first.waitFor("reviewed 0/7")
      try first.send("x")
      try first.waitFor("reviewed 1/7")
      try first.send("x")
      try first.waitFor("reviewed 2/7")
      try first.send("u")  // undo the second mark (stored as a removal)
      try first.waitFor("reviewed 1/7")
      try first.send("q")
      try first.waitFor("EXIT=0")
    }
    let second = try Tmux(width: 100, height: 30, command: Self.command(store, "2 --reviewer carol"))
    let screen = try second.waitFor("reviewed 1/7")
    #expect(screen.contains("✓ Login"))
    try second.send("q")
    try second.waitFor("EXIT=0")
    // Marks are per reviewer: someone else starts from zero.
    let other = try Tmux(width: 100, height: 30, command: Self.command(store, "2 --reviewer dave"))
    try other.waitFor("reviewed 0/7")
    try other.send("q")
  }

  @Test func pickerListsBuildsAndOpensOne() throws {
    let store = try ReviewE2E.demoStore()
    let tmux = try Tmux(width: 100, height: 30, command: Self.command(store, "--reviewer erin"))
    let screen = try tmux.waitFor(all: ["pick a build", "#2", "#1", "NEEDS APPROVAL"])
    #expect(screen.contains("#2") && screen.contains("#1"))
    #expect(screen.contains("NEEDS APPROVAL"))
    try tmux.send("Enter")
    try tmux.waitFor("Login  iPad Air")
    try tmux.send("Escape")
    try tmux.waitFor("pick a build")
    try tmux.send("q")
    try tmux.waitFor("EXIT=0")
  }

  @Test func resizeRedrawsAndTooSmallSaysSo() throws {
    let store = try ReviewE2E.demoStore()
    let tmux = try Tmux(width: 100, height: 30, command: Self.command(store, "2 --reviewer bob"))
    try tmux.waitFor("NEEDS APPROVAL")
    try tmux.resize(width: 50, height: 12)
    var screen = try tmux.waitFor(all: ["Terminal too small", "50×12, needs 60×15"], timeout: 20)
    #expect(screen.contains("50×12, needs 60×15"))
    try tmux.resize(width: 140, height: 40)
    screen = try tmux.waitFor("NEEDS APPROVAL")
    let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(Array.init)
    // The list pane is 38% of the width: the separator moved from column 38 to 53.
    #expect(lines.count >= 40 && lines[1].count > 53 && lines[1][53] == "│")
    #expect(lines.contains { String($0).contains("Unchanged") })
    try tmux.send("q")
    try tmux.waitFor("EXIT=0")
  }

  @Test func noColorDrawsWithoutColours() throws {
    let store = try ReviewE2E.demoStore()
    let tmux = try Tmux(
      width: 100, height: 30, command: Self.command(store, "2 --reviewer bob"),
      environment: ["NO_COLOR": "1", "TERM": "xterm-256color"])
    try tmux.waitFor("NEEDS APPROVAL")
    Thread.sleep(forTimeInterval: 0.5)  // the preview decodes in the background
    let screen = try tmux.capture(escapes: true)
    #expect(!screen.contains("38;5;") && !screen.contains("48;5;") && !screen.contains("38;2;"))
    #expect(screen.contains("\u{1B}[7m"))  // the selection and bars in reverse video
    #expect(screen.contains("·") && !screen.contains("▀"))  // shades and dots, no half blocks
    try tmux.send("q")
  }

  @Test func colourModesFollowTheEnvironment() throws {
    let store = try ReviewE2E.demoStore()
    let palette = try Tmux(
      width: 100, height: 30, command: Self.command(store, "2 --reviewer bob"), environment: ["TERM": "xterm-256color"])
    try palette.waitFor("NEEDS APPROVAL")
    Thread.sleep(forTimeInterval: 0.5)
    let indexed = try palette.capture(escapes: true)
    #expect(indexed.contains("38;5;") && indexed.contains("▀"), "\(indexed.prefix(400).debugDescription)")
    try palette.send("q")

    // 24-bit needs a direct-colour terminfo entry (ncurses-term's xterm-direct); without
    // one the reviewer uses the 256-colour palette, as docs/REVIEWER.md says.
    let hasDirect = ["/usr/share/terminfo/x/xterm-direct", "/lib/terminfo/x/xterm-direct", "/etc/terminfo/x/xterm-direct"]
      .contains { FileManager.default.fileExists(atPath: $0) }
    let direct = try Tmux(
      width: 100, height: 30, command: Self.command(store, "2 --reviewer bob"),
      environment: ["TERM": "xterm-256color", "COLORTERM": "truecolor"])
    try direct.waitFor("NEEDS APPROVAL")
    Thread.sleep(forTimeInterval: 0.5)
    let screen = try direct.capture(escapes: true)
    if hasDirect {
      #expect(screen.contains("38;2;"), "COLORTERM=truecolor with xterm-direct installed should send RGB colours")
    } else {
      #expect(screen.contains("38;5;") && !screen.contains("38;2;"))
    }
    try direct.send("q")
  }

  @Test func anUnknownTerminalTypeFallsBackToXterm() throws {
    let store = try ReviewE2E.demoStore()
    let tmux = try Tmux(
      width: 100, height: 30, command: Self.command(store, "2 --reviewer bob"),
      environment: ["TERM": "no-such-terminal-snaprev"])
    try tmux.waitFor("NEEDS APPROVAL")
    try tmux.send("q")
    try tmux.waitFor("EXIT=0")
  }

  @Test func sigtermRestoresTheTerminal() throws {
    let store = try ReviewE2E.demoStore()
    let directory = try TemporaryDirectory.create("sigterm")
    let pidFile = directory + "/pid"
    let tmux = try Tmux(
      width: 100, height: 30,
      command: "stty -g > \(directory)/before; sh -c 'echo $$ > \(pidFile); exec \"$0\" \"$@\"' "
        + "\(Tmux.quote(SnaprevBinary.path)) review 2 --reviewer bob --store \(Tmux.quote(store)); "
        + "status=$?; stty -g > \(directory)/after; (exit $status)")
    try tmux.waitFor("NEEDS APPROVAL")
    #expect(try tmux.value("#{alternate_on}") == "1")
    let pid = try #require(ReviewE2E.readPID(pidFile))
    kill(pid, SIGTERM)
    let screen = try tmux.waitFor("EXIT=143")
    #expect(screen.contains("snaprev: stopped by signal 15 (SIGTERM)"))
    #expect(try tmux.value("#{alternate_on}") == "0")
    #expect(try tmux.value("#{cursor_flag}") == "1")
    let before = try String(contentsOfFile: directory + "/before", encoding: .utf8)
    let after = try String(contentsOfFile: directory + "/after", encoding: .utf8)
    #expect(before == after, "tty modes were not restored")
  }

  /// A crash (here a SIGABRT sent from outside) still gives the terminal back: the
  /// fatal-signal handler restores the tty modes and leaves the alternate screen.
  @Test func aCrashStillRestoresTheTerminal() throws {
    let store = try ReviewE2E.demoStore()
    let directory = try TemporaryDirectory.create("crash")
    let pidFile = directory + "/pid"
    let tmux = try Tmux(
      width: 100, height: 30,
      command: "ulimit -c 0; stty -g > \(directory)/before; sh -c 'echo $$ > \(pidFile); exec \"$0\" \"$@\"' "
        + "\(Tmux.quote(SnaprevBinary.path)) review 2 --reviewer bob --store \(Tmux.quote(store)); "
        + "status=$?; stty -g > \(directory)/after; (exit $status)")
    try tmux.waitFor("NEEDS APPROVAL")
    let pid = try #require(ReviewE2E.readPID(pidFile))
    kill(pid, SIGABRT)
    try tmux.waitFor("EXIT=134")
    #expect(try tmux.value("#{alternate_on}") == "0")
    let before = try String(contentsOfFile: directory + "/before", encoding: .utf8)
    let after = try String(contentsOfFile: directory + "/after", encoding: .utf8)
    #expect(before == after, "tty modes were not restored after the crash")
  }

  @Test func sighupFromAClosedWindowEndsTheProgram() throws {
    let store = try ReviewE2E.demoStore()
    let directory = try TemporaryDirectory.create("sighup")
    let pidFile = directory + "/pid"
    let tmux = try Tmux(
      width: 100, height: 30,
      command: "sh -c 'echo $$ > \(pidFile); exec \"$0\" \"$@\"' \(Tmux.quote(SnaprevBinary.path)) "
        + "review 2 --reviewer bob --store \(Tmux.quote(store))")
    try tmux.waitFor("NEEDS APPROVAL")
    let pid = try #require(ReviewE2E.readPID(pidFile))
    tmux.close()
    let deadline = Date().addingTimeInterval(5)
    while ReviewE2E.processExists(pid), Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
    #expect(!ReviewE2E.processExists(pid), "snaprev kept running after its terminal closed")
  }

  /// A terminal that goes away without a SIGHUP (the pty is not the controlling tty):
  /// input fails, and the program must end instead of spinning.
  @Test func lostTerminalWithoutHangupEndsTheProgram() throws {
    let store = try ReviewE2E.demoStore()
    let pty = try Spawn.openPseudoTerminal(for: "snaprev")
    let master = pty.master
    let slavePath = pty.slave
    let slave = open(slavePath, O_RDWR | O_NOCTTY)
    try #require(slave >= 0)
    // Drain the screen output so the program never blocks writing it.
    let drained = DispatchSemaphore(value: 0)
    let reader = Thread {
      var buffer = [UInt8](repeating: 0, count: 4096)
      var seen = ""
      while read(master, &buffer, buffer.count) > 0 {
        if seen.count < 100_000 { seen += String(decoding: buffer, as: UTF8.self) }
        if seen.contains("NEEDS APPROVAL") { drained.signal(); seen = "" }
      }
    }
    reader.start()
    let child = try SnaprevBinary.start(
      ["review", "2", "--reviewer", "bob", "--store", store],
      environment: ["TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"], stdin: .descriptor(slave),
      stdout: .descriptor(slave))
    close(slave)
    #expect(drained.wait(timeout: .now() + 10) == .success, "the reviewer never drew")
    let started = Date()
    close(master)
    let ended = try child.wait(timeout: 5)
    #expect(ended != nil, "snaprev kept running after its terminal went away")
    child.send(SIGTERM)
    let result = try child.wait()
    #expect(result.status == 1)
    #expect(Date().timeIntervalSince(started) < 5)
    #expect(result.stderrText.contains("the terminal went away"))
  }

  @Test func hostileNamesAreShownEscapedOnTheRealTerminal() throws {
    let builds = try TemporaryDirectory.create("hostile")
    for (build, color) in [("base", 40), ("head", 200)] {
      try FileManager.default.createDirectory(atPath: "\(builds)/\(build)", withIntermediateDirectories: true)
      let png = try PNGFixtures.png(gray: UInt8(color))
      try Data(png).write(to: URL(fileURLWithPath: "\(builds)/\(build)/x.png"))
      let sidecar = #"{"display_name": "\u001b]0;pwned\u0007\u001b[31mRED\u001b[0m 設定", "group": "\u001b[2Jgrp"}"#
      try Data(sidecar.utf8).write(to: URL(fileURLWithPath: "\(builds)/\(build)/x.json"))
    }
    let store = try TemporaryDirectory.create("hostile-store") + "/store"
    for (build, flags) in [("base", ["--head-sha", "b1"]), ("head", ["--head-sha", "h1", "--base-sha", "b1"])] {
      let upload = try SnaprevBinary.run(["upload", "\(builds)/\(build)", "--store", store] + flags)
      try #require(upload.status == 0, "\(upload.outputText)")
    }
    let tmux = try Tmux(width: 100, height: 30, command: Self.command(store, "2 --reviewer bob"))
    let screen = try tmux.waitFor("RED")
    #expect(screen.contains("\\e]0;pwned\\x07\\e[31mRED\\e[0m 設定"))
    #expect(screen.contains("\\e[2Jgrp"))
    #expect(try tmux.value("#{pane_title}") != "pwned")
    try tmux.send("q")
  }
}
