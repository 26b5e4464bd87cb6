#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import DurableFiles
import FoundationEssentials

/// Where an installed snaprev finds its parts, relative to its own executable (so it works
/// from any working directory): PREFIX/bin/snaprev, PREFIX/libexec/snaprev/snaprev-serve,
/// PREFIX/share/snaprev/demo (scripts/install), or all beside each other in a build directory.
public enum InstallLayout {
  /// The directory of the running executable, symbolic links resolved.
  public static var executableDirectory: String? {
    executablePath.map(Files.parentDirectory)
  }

  /// The running executable's real path: the kernel's link on Linux (what Foundation's
  /// `Bundle.main` reads there too), else the resolved `argv[0]`.
  static var executablePath: String? {
    #if os(Linux)
      var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
      let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
      guard count > 0 else { return nil }
      return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    #else
      guard let argument = CommandLine.arguments.first, let resolved = realpath(argument, nil) else { return nil }
      defer { free(resolved) }
      return String(cString: resolved)
    #endif
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
