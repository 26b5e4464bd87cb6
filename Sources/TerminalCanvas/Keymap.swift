/// One row of a keymap table: the keys, what they do, and the words the footer and the
/// help overlay show for them. The same table dispatches keys and documents them
/// (tig's `REQ_INFO`, bubbles' `key.Binding`), so the two can never disagree.
public struct KeyBinding<Command: Hashable & Sendable, Context: Hashable & Sendable>: Sendable {
  public let keys: [Key]
  public let command: Command
  public let context: Context
  /// Sentence for the `?` overlay.
  public let help: String
  /// Short footer hint such as ("j/k", "move"); nil keeps the binding out of the footer.
  public let hint: Hint?

  public struct Hint: Sendable, Equatable {
    public let keys: String
    public let text: String
    public init(_ keys: String, _ text: String) {
      self.keys = keys
      self.text = text
    }
  }

  public init(_ keys: [Key], _ command: Command, _ context: Context, help: String, hint: Hint? = nil) {
    self.keys = keys
    self.command = command
    self.context = context
    self.help = help
    self.hint = hint
  }

  /// The keys as the help overlay lists them, e.g. "j ↓".
  public var keyLabel: String { keys.map(\.label).joined(separator: " ") }
}

/// A table of bindings looked up through a chain of contexts, most specific first
/// (tig's `get_keybinding`: the view's keymap, then the generic one).
public struct Keymap<Command: Hashable & Sendable, Context: Hashable & Sendable>: Sendable {
  public let bindings: [KeyBinding<Command, Context>]

  public init(_ bindings: [KeyBinding<Command, Context>]) {
    self.bindings = bindings
  }

  /// The command bound to `key` in the first context of `chain` that binds it.
  public func command(for key: Key, in chain: [Context]) -> Command? {
    commands(in: chain)[key]
  }

  /// What each key does in `chain`: the binding of the first context that binds it, the
  /// first in table order within that context. The footer's hints ask it once per frame,
  /// not once per key of every binding (that scan was a tenth of the reviewer's time per
  /// keystroke; docs/PERFORMANCE.md, "Reviewer").
  func commands(in chain: [Context]) -> [Key: Command] {
    var resolved: [Key: Command] = [:]
    for context in chain {
      for binding in bindings where binding.context == context {
        for key in binding.keys where resolved[key] == nil { resolved[key] = binding.command }
      }
    }
    return resolved
  }

  /// Footer hints for the active chain, in table order, each hint text once. A key
  /// shadowed by a more specific context is not advertised for the general one, nor a
  /// command `available` says does nothing right now.
  public func hints(
    in chain: [Context], available: (Command) -> Bool = { _ in true }
  ) -> [KeyBinding<Command, Context>.Hint] {
    let resolved = commands(in: chain)
    var seen: Set<String> = []
    var out: [KeyBinding<Command, Context>.Hint] = []
    for context in chain {
      for binding in bindings where binding.context == context {
        guard let hint = binding.hint, !seen.contains(hint.text), available(binding.command) else { continue }
        let reachable = binding.keys.contains { resolved[$0] == binding.command }
        guard reachable else { continue }
        seen.insert(hint.text)
        out.append(hint)
      }
    }
    return out
  }

  /// Every binding of `context`, in table order (for the help overlay).
  public func bindings(in context: Context) -> [KeyBinding<Command, Context>] {
    bindings.filter { $0.context == context }
  }
}
