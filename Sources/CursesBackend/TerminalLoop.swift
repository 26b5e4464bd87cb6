#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import TerminalCanvas
import TerminalGraphics

/// An Elm/bubbletea-style program: a state value, an update function returning effects
/// as data, a render function into a canvas, and an effect runner. The loop below is
/// the only place the state changes; any screen (the reviewer, a branch browser) plugs
/// in by supplying these functions.
public struct TerminalProgram<State, Action: Sendable, Effect> {
  public var state: State
  public var initialEffects: [Effect]
  /// Called once the terminal is up, with the colour mode the canvas should be painted for.
  public var configure: (inout State, ColorMode) -> Void
  public var update: (inout State, Action) -> [Effect]
  public var render: (State, inout Canvas) -> Void
  public var keyAction: (Key) -> Action
  /// The action for a click or wheel notch, or nil to ignore it (mouse reports are on only
  /// when this is set and the run was asked for them).
  public var mouseAction: ((MouseEvent) -> Action?)?
  public var resizeAction: (_ width: Int, _ height: Int) -> Action
  /// Runs one effect. Quick results come back at once; slow work posts to the mailbox.
  public var perform: (Effect, Mailbox<Action>) -> [Action]
  public var isQuit: (Effect) -> Bool
  /// The images a state shows beside its canvas (a graphics path), or nil for none. Pure,
  /// like `render`; the device sends them after each frame.
  public var placements: ((State) -> [GraphicsPlacement])?

  public init(
    state: State, initialEffects: [Effect], configure: @escaping (inout State, ColorMode) -> Void,
    update: @escaping (inout State, Action) -> [Effect], render: @escaping (State, inout Canvas) -> Void,
    keyAction: @escaping (Key) -> Action, resizeAction: @escaping (Int, Int) -> Action,
    perform: @escaping (Effect, Mailbox<Action>) -> [Action], isQuit: @escaping (Effect) -> Bool,
    placements: ((State) -> [GraphicsPlacement])? = nil, mouseAction: ((MouseEvent) -> Action?)? = nil
  ) {
    self.mouseAction = mouseAction
    self.placements = placements
    self.state = state
    self.initialEffects = initialEffects
    self.configure = configure
    self.update = update
    self.render = render
    self.keyAction = keyAction
    self.resizeAction = resizeAction
    self.perform = perform
    self.isQuit = isQuit
  }
}

/// How a program's run ended. The terminal has been restored in every case.
public enum TerminalOutcome: Equatable, Sendable {
  case quit
  case terminated(signal: Int32)
  case lost

  /// Conventional exit status: 0, 128 + signal, or 1 for a lost terminal.
  public var exitCode: Int32 {
    switch self {
    case .quit: return 0
    case .terminated(let signal): return 128 + signal
    case .lost: return 1
    }
  }

  public var message: String? {
    switch self {
    case .quit: return nil
    case .terminated(let signal): return "stopped by signal \(signal) (\(Self.signalName(signal)))"
    case .lost: return "the terminal went away (hang-up or input error); stopping"
    }
  }

  static func signalName(_ signal: Int32) -> String {
    switch signal {
    case SIGTERM: return "SIGTERM"
    case SIGHUP: return "SIGHUP"
    case SIGINT: return "SIGINT"
    case SIGQUIT: return "SIGQUIT"
    default: return "signal \(signal)"
    }
  }
}

public enum TerminalLoop {
  /// Runs `program` on the terminal until it quits, a termination signal arrives or the
  /// terminal is lost. The terminal is restored before this returns or throws.
  /// `graphics` is the image path detected before (`TerminalProbe.detect`); blocks by default.
  /// `mouse`: ask for mouse reports when the program handles them (`mouseAction`).
  /// `palette`: the colours for the terminal's background (`TerminalProbe.detect`).
  public static func run<State, Action: Sendable, Effect>(
    _ program: TerminalProgram<State, Action, Effect>, environment: [String: String], graphics: GraphicsMode = .blocks,
    mouse: Bool = false, palette: Palette = .dark
  ) throws(TerminalError) -> (state: State, outcome: TerminalOutcome) {
    let terminal = try CursesTerminal(preferred: ColorMode.detect(environment: environment), environment: environment)
    terminal.palette = palette
    if graphics.path != .blocks { terminal.graphics = GraphicsScreen(mode: graphics) }
    if mouse, program.mouseAction != nil { terminal.enableMouse() }
    defer { terminal.stop() }
    return run(program, device: terminal.device)
  }

  /// Runs `program` on `device` (the terminal, or a scripted one in tests) until it quits,
  /// a termination signal arrives or the device is lost.
  public static func run<State, Action: Sendable, Effect>(
    _ program: TerminalProgram<State, Action, Effect>, device: TerminalDevice
  ) -> (state: State, outcome: TerminalOutcome) {
    let mailbox = Mailbox<Action>(wake: device.wake)
    var state = program.state
    program.configure(&state, device.paintMode)
    let start = device.size()
    var canvas = Canvas(width: 0, height: 0)
    // A first frame ("loading…") before the initial effects, which may take a moment.
    var queue: [Action] = []
    var effects = program.update(&state, program.resizeAction(start.width, start.height)) + program.initialEffects
    program.render(state, &canvas)
    device.draw(canvas)
    if let placements = program.placements { device.place(placements(state)) }

    while true {
      // Effects first (their quick results join the queue), then actions until quiet.
      repeat {
        for effect in effects {
          if program.isQuit(effect) { return (state, .quit) }
          queue += program.perform(effect, mailbox)
        }
        effects = []
        while !queue.isEmpty {
          effects += program.update(&state, queue.removeFirst())
          if !effects.isEmpty { break }
        }
      } while !effects.isEmpty || !queue.isEmpty

      program.render(state, &canvas)
      device.draw(canvas)
      if let placements = program.placements { device.place(placements(state)) }

      for event in device.waitForEvents(1000) {
        switch event {
        case .key(let key): queue.append(program.keyAction(key))
        case .mouse(let event):
          if let action = program.mouseAction?(event) { queue.append(action) }
        case .resize(let width, let height):
          device.invalidate()
          queue.append(program.resizeAction(width, height))
        case .terminated(let signal): return (state, .terminated(signal: signal))
        case .lost: return (state, .lost)
        }
      }
      queue += mailbox.drain()
    }
  }
}
