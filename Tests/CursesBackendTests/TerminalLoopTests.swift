import DiffCore
import Dispatch
import Foundation
import Synchronization
import TerminalCanvas
import TerminalGraphics
import Testing

@testable import CursesBackend

/// The event loop run on a scripted device: which effects run in which order, how it
/// quits, and how a mailbox post from another thread wakes it.
struct TerminalLoopTests {
  enum Action: Sendable, Equatable { case key(Key), resize(Int, Int), loaded(String) }
  enum Effect: Equatable { case load(String), loadLater(String), quit }

  /// A program whose state is the log of what its update function saw.
  static func program(initialEffects: [Effect] = []) -> TerminalProgram<[String], Action, Effect> {
    TerminalProgram(
      state: [], initialEffects: initialEffects,
      configure: { log, mode in log.append("configure \(mode.rawValue)") },
      update: { log, action in
        switch action {
        case .resize(let width, let height):
          log.append("resize \(width)x\(height)")
          return []
        case .loaded(let name):
          log.append("loaded \(name)")
          return []
        case .key(.character("q")):
          log.append("q")
          return [.quit]
        case .key(.character(let c)):
          log.append("key \(c)")
          return c == "l" ? [.load("a"), .load("b")] : []
        case .key:
          return []
        }
      },
      render: { log, canvas in
        canvas = Canvas(width: 10, height: 1)
        canvas.put(String(log.count), x: 0, y: 0)
      },
      keyAction: { .key($0) }, resizeAction: { .resize($0, $1) },
      perform: { effect, mailbox in
        switch effect {
        case .load(let name): return [.loaded(name)]
        case .loadLater(let name):
          // Slow work: the result arrives from another thread, through the mailbox.
          DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(20)) { mailbox.post(.loaded(name)) }
          return []
        case .quit: return []
        }
      },
      isQuit: { $0 == .quit })
  }

  /// A device that hands out scripted event batches, records frames and wake-ups, and
  /// ends the run with SIGTERM when the script runs out (so no test can hang).
  /// Wake-ups of a scripted device: counted, and released to a blocked wait.
  final class Wakes: Sendable {
    let count = Mutex(0)
    let signal = DispatchSemaphore(value: 0)
  }

  final class ScriptedDevice {
    var script: [[TerminalEvent]]
    var frames: [[String]] = []
    var invalidations = 0
    var waits = 0
    let wakes = Wakes()
    /// Whether an empty batch blocks until a wake-up (up to the timeout), as poll(2) does.
    let blockOnEmpty: Bool

    init(_ script: [[TerminalEvent]], blockOnEmpty: Bool = false) {
      self.script = script
      self.blockOnEmpty = blockOnEmpty
    }

    var device: TerminalDevice {
      TerminalDevice(
        paintMode: .monochrome, size: { (80, 24) },
        wake: { [wakes] in
          wakes.count.withLock { $0 += 1 }
          wakes.signal.signal()
        },
        draw: { [self] in frames.append($0.lines) }, invalidate: { [self] in invalidations += 1 },
        waitForEvents: { [self] timeout in
          waits += 1
          guard !script.isEmpty else { return [.terminated(signal: 15)] }
          let batch = script.removeFirst()
          if batch.isEmpty, blockOnEmpty {
            _ = wakes.signal.wait(timeout: .now() + .milliseconds(Int(timeout)))
          }
          return batch
        })
    }
  }

  @Test func effectsRunInOrderAndAllResultsLandBeforeTheNextFrame() {
    let device = ScriptedDevice([[.key(.character("l")), .key(.character("x"))]])
    let (log, outcome) = TerminalLoop.run(Self.program(initialEffects: [.load("first")]), device: device.device)
    #expect(outcome == .terminated(signal: 15))
    // Quick results join the back of the queue: keys typed in the same batch come first,
    // in the order typed, and one update's effects run in the order returned.
    #expect(log == ["configure none", "resize 80x24", "loaded first", "key l", "key x", "loaded a", "loaded b"])
    // One frame before the initial effects, one after them, one after the batch of keys.
    #expect(device.frames.map { $0[0] } == ["2         ", "3         ", "7         "])
  }

  @Test func quitEffectEndsTheRunAtOnce() {
    let device = ScriptedDevice([[.key(.character("q")), .key(.character("x"))], [.key(.character("y"))]])
    let (log, outcome) = TerminalLoop.run(Self.program(), device: device.device)
    #expect(outcome == .quit)
    #expect(log.last == "q")
    #expect(!log.contains("key x"))
    #expect(device.waits == 1)
  }

  @Test func resizeInvalidatesTheScreenAndReachesTheProgram() {
    let device = ScriptedDevice([[.resize(width: 100, height: 30)], [.lost]])
    let (log, outcome) = TerminalLoop.run(Self.program(), device: device.device)
    #expect(outcome == .lost)
    #expect(device.invalidations == 1)
    #expect(log.suffix(1) == ["resize 100x30"])
  }

  /// With a graphics path, every frame's images go to the device right after the frame's
  /// text, as the state describes them (a resize included).
  @Test func placementsFollowEveryFrame() {
    let device = ScriptedDevice([[.key(.character("x"))], [.resize(width: 100, height: 30)]])
    var order: [String] = []
    var scripted = device.device
    scripted.draw = { canvas in order.append("draw " + canvas.lines[0].trimmingCharacters(in: .whitespaces)) }
    scripted.place = { placements in order.append("place " + placements.map(\.key).joined(separator: ",")) }
    var program = Self.program()
    let image = RGBAImage(transparentWidth: 1, height: 1)
    program.placements = { log in
      [
        GraphicsPlacement(
          key: "frame\(log.count)", source: .image(image), region: PixelRect(x: 0, y: 0, width: 1, height: 1),
          pixelWidth: 1, pixelHeight: 1, cells: Rect(x: 0, y: 0, width: 1, height: 1), background: RGB(0, 0, 0))
      ]
    }
    _ = TerminalLoop.run(program, device: scripted)
    #expect(order == ["draw 2", "place frame2", "draw 2", "place frame2", "draw 3", "place frame3", "draw 4", "place frame4"])
  }

  @Test func mailboxPostFromAnotherThreadWakesTheLoop() {
    // The key starts slow work; the next wait gets no events and blocks until the post's
    // wake-up; the loop then drains the mailbox into the program.
    let device = ScriptedDevice([[.key(.character("s"))], [], []], blockOnEmpty: true)
    var program = Self.program()
    let update = program.update
    program.update = { log, action in
      if action == .key(.character("s")) {
        log.append("key s")
        return [.loadLater("slow")]
      }
      return update(&log, action)
    }
    let (log, _) = TerminalLoop.run(program, device: device.device)
    #expect(log.suffix(2) == ["key s", "loaded slow"])
    #expect(device.wakes.count.withLock { $0 } == 1)
  }

  @Test func mailboxDrainsInPostOrderAndEmpties() {
    let wakes = Mutex(0)
    let mailbox = Mailbox<Int>(wake: { wakes.withLock { $0 += 1 } })
    mailbox.post(1)
    mailbox.post(2)
    #expect(mailbox.drain() == [1, 2])
    #expect(mailbox.drain().isEmpty)
    #expect(wakes.withLock { $0 } == 2)
  }
}
