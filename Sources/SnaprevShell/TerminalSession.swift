import CursesBackend
import DurableFiles
import FoundationEssentials
import ReviewUI
import SnaprevApp
import TerminalCanvas
import TerminalGraphics

/// An action type a UI program can run with: keys and resizes become actions. The reviewer's
/// and the browser's action enums satisfy it with their own `key` and `resize` cases.
public protocol TerminalUIAction: Sendable {
  static func key(_ key: Key) -> Self
  static func resize(width: Int, height: Int) -> Self
  static func mouse(_ event: MouseEvent) -> Self
}

/// An effect type a UI program can run with: `quit` ends the program.
public protocol TerminalUIEffect: Equatable {
  static var quit: Self { get }
}

extension ReviewAction: TerminalUIAction {}
extension ReviewEffect: TerminalUIEffect {}
extension BrowseAppAction: TerminalUIAction {}
extension BrowseAppEffect: TerminalUIEffect {}

extension TerminalProgram where Action: TerminalUIAction, Effect: TerminalUIEffect {
  /// A UI's pure functions run against a shell's `perform`, whose slow results are posted to
  /// the loop's mailbox. Keys, resizes and quitting are the same for every UI.
  init(
    ui state: State, initialEffects: [Effect], configure: @escaping (inout State, ColorMode) -> Void,
    update: @escaping (inout State, Action) -> [Effect], render: @escaping (State, inout Canvas) -> Void,
    perform: @escaping (Effect, _ post: @escaping @Sendable (Action) -> Void) -> [Action],
    placements: ((State) -> [GraphicsPlacement])? = nil
  ) {
    self.init(
      state: state, initialEffects: initialEffects, configure: configure, update: update, render: render,
      keyAction: { .key($0) },
      resizeAction: { .resize(width: $0, height: $1) },
      perform: { effect, mailbox in perform(effect) { mailbox.post($0) } },
      isQuit: { $0 == .quit }, placements: placements, mouseAction: { .mouse($0) })
  }
}

/// Running a UI program from a command (`review`, `browse`, the reviewer `demo` opens): the
/// one runner and the one error for all of them. What can fail is checked before curses
/// takes the screen, so those messages print normally.
public enum TerminalSession {
  /// Why a session could not start or run: no store, an unknown build or snapshot, a
  /// terminal that cannot be set up. The description names the store path or the id.
  public struct Failure: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }
  }

  /// Runs `program` until it quits, a signal stops it or the terminal is lost, and returns
  /// the exit code (`TerminalOutcome.exitCode`: 0, 1, 128+N). How it ended, if not by
  /// quitting, is printed on stderr as `snaprev: <message>`: the terminal is restored by
  /// then, so the line reaches the user.
  /// `graphics`: the image path (`TerminalProbe.detect`), block characters by default.
  /// `mouse`: clicks and the wheel reach the program (`--no-mouse` turns them off).
  /// `palette`: the colours for the terminal's background (`--theme`).
  public static func run<State, Action, Effect>(
    _ program: TerminalProgram<State, Action, Effect>, environment: [String: String], graphics: GraphicsMode = .blocks,
    mouse: Bool = true, palette: Palette = .dark
  ) throws(Failure) -> Int32 {
    let outcome: TerminalOutcome
    do {
      outcome = try TerminalLoop.run(program, environment: environment, graphics: graphics, mouse: mouse, palette: palette).outcome
    } catch {
      throw Failure(error.description)
    }
    if let message = outcome.message {
      StandardStream.error.write("snaprev: " + message + "\n")
    }
    return outcome.exitCode
  }
}
