/// What an SSH session may run, decided from the client's request alone (a pure function):
/// the build list or one build's reviewer on a terminal, and the non-interactive `list`,
/// `status ID` and `approve ID`. Nothing else is ever started; the words become `snaprev`'s
/// arguments directly (no shell), and an ID may not start with `-`, so no option can be
/// smuggled in.
public enum SessionCommand: Equatable, Sendable {
  /// `snaprev review [ID]`: needs a terminal (`ssh -t`).
  case review(String?)
  case list
  case status(String)
  case approve(String)

  /// The exec request's text (`ssh host status 12` sends "status 12"); nil for a shell
  /// request (`ssh -t host`), which opens the build list.
  public static func parse(_ request: String?) -> Result<SessionCommand, Refusal> {
    guard let request else { return .success(.review(nil)) }
    let words = request.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    switch (words.first, words.count) {
    case ("review", 1): return .success(.review(nil))
    case ("review", 2): return validID(words[1]).map { .review($0) }
    case ("list", 1): return .success(.list)
    case ("status", 2): return validID(words[1]).map { .status($0) }
    case ("approve", 2): return validID(words[1]).map { .approve($0) }
    default: return .failure(.notAllowed)
    }
  }

  /// Artifact ids are the store's own (digits, or the names `import` gives: letters,
  /// digits, `.`, `_`, `-`); 128 characters is far past any the store makes.
  static func validID(_ id: String) -> Result<String, Refusal> {
    let allowed = id.utf8.allSatisfy { byte in
      (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
        || byte == 0x2E || byte == 0x5F || byte == 0x2D
    }
    guard allowed, !id.hasPrefix("-"), !id.isEmpty, id.utf8.count <= 128 else { return .failure(.badID) }
    return .success(id)
  }

  /// Whether it runs on the client's terminal (and so needs one).
  public var needsTerminal: Bool {
    if case .review = self { return true }
    return false
  }

  /// `snaprev`'s arguments for this command, for the reviewer `name` holding the key
  /// `fingerprint`, over the store at `store`.
  public func arguments(store: String, name: String, fingerprint: String) -> [String] {
    let identity = ["--reviewer", name, "--reviewer-key", fingerprint]
    switch self {
    case .review(let id): return ["review"] + (id.map { [$0] } ?? []) + ["--store", store] + identity
    case .list: return ["list", "--store", store]
    case .status(let id): return ["status", id, "--store", store]
    case .approve(let id): return ["approve", id, "--store", store] + identity
    }
  }

  /// Why a request was refused: the text the client sees on standard error.
  public enum Refusal: Error, Equatable, Sendable {
    case notAllowed
    case badID

    public var message: String {
      switch self {
      case .notAllowed:
        return "snaprev: only `review [ID]`, `list`, `status ID` and `approve ID` run here"
      case .badID:
        return "snaprev: a build ID is letters, digits, '.', '_' and '-' (not first), at most 128"
      }
    }
  }
}
