import Foundation

/// Where an installed snaprev finds its parts, relative to its own executable (so it works
/// from any working directory): PREFIX/bin/snaprev, PREFIX/libexec/snaprev/snaprev-serve,
/// PREFIX/share/snaprev/demo (scripts/install), or all beside each other in a build directory.
public enum InstallLayout {
  /// The directory of the running executable, symbolic links resolved.
  public static var executableDirectory: String? {
    guard let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() else { return nil }
    return executable.deletingLastPathComponent().path
  }

  /// Where `snaprev-serve` finds `snaprev` (each SSH session runs it): beside itself (a build
  /// directory), else PREFIX/bin from PREFIX/libexec/snaprev (scripts/install). The first
  /// that is executable; nil when neither is.
  public static func snaprevExecutable() -> String? {
    guard let directory = executableDirectory else { return nil }
    return [directory + "/snaprev", directory + "/../../bin/snaprev"].first {
      FileManager.default.isExecutableFile(atPath: $0)
    }
  }
}
