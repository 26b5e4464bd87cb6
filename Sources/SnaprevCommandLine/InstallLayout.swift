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
}
