import FoundationEssentials
import SnapshotModel
import TextFormat

// Where the person at the keyboard comes from: the flag, the environment, the OS account.
// Kept out of SnapshotModel, which is pure values: this reads the environment and the OS user.
extension Reviewer {
  /// `--reviewer`, else `$SNAPREV_REVIEWER`, else the OS account (`osUser` = login and
  /// full name). Blank values are skipped. `key` (`--reviewer-key`, which `snaprev serve`'s
  /// SSH server passes with `--reviewer`) makes the flag's name one an SSH key vouched for.
  public static func resolve(
    flag: String?, key: String? = nil, environment: [String: String], osUser: (login: String, fullName: String?)
  ) -> Reviewer {
    if let flag = flag?.trimmingWhitespace(), !flag.isEmpty {
      if let key = key?.trimmingWhitespace(), !key.isEmpty {
        return Reviewer(name: flag, username: flag, source: .sshKey, key: key)
      }
      return Reviewer(name: flag, username: flag, source: .flag)
    }
    if let value = environment["SNAPREV_REVIEWER"]?.trimmingWhitespace(), !value.isEmpty {
      return Reviewer(name: value, username: value, source: .environment)
    }
    let fullName = osUser.fullName?.trimmingWhitespace()
    return Reviewer(
      name: fullName.flatMap { $0.isEmpty ? nil : $0 } ?? osUser.login, username: osUser.login,
      source: .osUser)
  }
}
