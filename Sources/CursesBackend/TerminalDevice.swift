import TerminalCanvas
import TerminalGraphics

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The terminal as the loop sees it: a value of closures rather than a protocol with one
/// conformance, so a test can script a device (keys, resizes, signals) and watch the frames,
/// while `CursesTerminal.device` is the real one.
public struct TerminalDevice {
  /// The colour mode the canvas should be painted for.
  public var paintMode: ColorMode
  public var size: () -> (width: Int, height: Int)
  /// Wakes `waitForEvents` from another thread (a mailbox post).
  public var wake: @Sendable () -> Void
  public var draw: (Canvas) -> Void
  /// Forgets the last frame so the next draw repaints everything (after a resize).
  public var invalidate: () -> Void
  /// Blocks until input, a resize, a signal or a wake-up, at most the timeout.
  public var waitForEvents: (_ timeoutMilliseconds: Int32) -> [TerminalEvent]
  /// Shows a frame's images after `draw` (a graphics path); a no-op in block mode.
  public var place: ([GraphicsPlacement]) -> Void

  public init(
    paintMode: ColorMode, size: @escaping () -> (width: Int, height: Int), wake: @escaping @Sendable () -> Void,
    draw: @escaping (Canvas) -> Void, invalidate: @escaping () -> Void,
    waitForEvents: @escaping (_ timeoutMilliseconds: Int32) -> [TerminalEvent],
    place: @escaping ([GraphicsPlacement]) -> Void = { _ in }
  ) {
    self.place = place
    self.paintMode = paintMode
    self.size = size
    self.wake = wake
    self.draw = draw
    self.invalidate = invalidate
    self.waitForEvents = waitForEvents
  }
}

extension CursesTerminal {
  /// This terminal as a device for `TerminalLoop.run(_:device:)`.
  public var device: TerminalDevice {
    let wakeDescriptor = self.wakeDescriptor
    return TerminalDevice(
      paintMode: colorOutput.paintMode, size: { self.size },
      wake: { CursesTerminal.wake(descriptor: wakeDescriptor) }, draw: { self.draw($0) },
      invalidate: { self.invalidate() }, waitForEvents: { self.waitForEvents(timeoutMilliseconds: $0) },
      place: { self.place($0) })
  }
}

extension CursesTerminal {
  /// Wakes `waitForEvents` from any thread: one byte into the wake pipe.
  static func wake(descriptor: Int32) {
    var byte: UInt8 = 1
    _ = write(descriptor, &byte, 1)
  }
}
