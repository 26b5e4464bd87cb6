import ArgumentParser

/// `--no-mouse`, shared by `review` and `browse` (through `SessionOptions`): clicks and the
/// wheel are on by default; off, the terminal keeps its own selection and scrollback.
struct MouseOptions: ParsableArguments {
  @Flag(name: .customLong("no-mouse"), help: "Do not take the mouse (click to select, wheel to scroll); the terminal keeps text selection.")
  var noMouse = false

  var enabled: Bool { !noMouse }
}
