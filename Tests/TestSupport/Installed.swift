import Foundation
import ProcessSpawn

#if canImport(Glibc)
  import Glibc
#endif

/// Programs the tests run from the test runner's PATH (tmux, python3, git, ssh-keygen).
public enum Installed {
  /// The path of `program`; a missing one is an error that names it ("cannot find tmux").
  public static func path(_ program: String) throws -> String {
    guard let path = Spawn.locate(program, environment: ProcessInfo.processInfo.environment) else {
      throw SpawnError(executable: program, operation: "find", code: ENOENT)
    }
    return path
  }
}
