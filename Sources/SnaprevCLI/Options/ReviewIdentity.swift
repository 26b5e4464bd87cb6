import FoundationEssentials
import SnapshotModel
import SnapshotStore

#if canImport(Glibc)
  import Glibc
#endif

/// Who is reviewing: `--reviewer`, else `$SNAPREV_REVIEWER`, else the OS account, by the
/// store's own rule (`Reviewer.resolve`), so the reviewer and `snaprev approve` agree.
enum ReviewIdentity {
  static func resolve(flag: String?, key: String? = nil, environment: [String: String]) -> Reviewer {
    Reviewer.resolve(flag: flag, key: key, environment: environment, osUser: osUser(environment: environment))
  }

  /// The login and full name (GECOS) of the effective user.
  static func osUser(environment: [String: String]) -> (login: String, fullName: String?) {
    #if canImport(Glibc)
      if let entry = getpwuid(geteuid()) {
        let login = entry.pointee.pw_name.map { String(cString: $0) } ?? ""
        let gecos = entry.pointee.pw_gecos.map { String(cString: $0) } ?? ""
        let fullName = gecos.split(separator: ",", omittingEmptySubsequences: false).first.map(String.init)
        if !login.isEmpty { return (login, fullName?.isEmpty == false ? fullName : nil) }
      }
    #endif
    return (environment["USER"] ?? environment["LOGNAME"] ?? "unknown", nil)
  }
}
