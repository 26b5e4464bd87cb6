import Foundation
import ProcessSpawn
import TestSupport
import Testing

/// What the binary loads at start-up: every command pays for each shared library.
struct StartupTests {
  /// `ldd` of the built binary.
  static func sharedLibraries() throws -> String {
    let run = try Spawn.run("/usr/bin/ldd", [SnaprevBinary.path])
    #expect(run.status == 0)
    return run.stdoutText
  }

  /// FoundationNetworking links libcurl, which brings GnuTLS, Kerberos, LDAP and ~35 more
  /// libraries into every start-up; `import --api` opens libcurl itself when it runs.
  @Test func neitherLibcurlNorFoundationNetworkingIsLinked() throws {
    let libraries = try Self.sharedLibraries()
    #expect(libraries.contains("libpng16"), "ldd output unexpected: \(libraries)")
    for name in ["libcurl", "FoundationNetworking", "libgnutls", "libkrb5", "libldap"] {
      #expect(!libraries.contains(name), "\(name) is linked:\n\(libraries)")
    }
  }

  /// The full Foundation (CoreFoundation, FoundationInternationalization and ICU's data) cost
  /// every command about 1.8 ms of start-up; snaprev uses FoundationEssentials alone, and
  /// its hashes come from the system's libcrypto, not from swift-crypto, which imports
  /// Foundation (docs/PERFORMANCE.md, "Start-up").
  @Test func onlyFoundationEssentialsIsLinked() throws {
    let libraries = try Self.sharedLibraries()
    #expect(libraries.contains("libFoundationEssentials"), "ldd output unexpected: \(libraries)")
    #expect(libraries.contains("libcrypto.so.3"), "ldd output unexpected: \(libraries)")
    for name in ["libFoundation.so", "libFoundationInternationalization", "lib_FoundationICU"] {
      #expect(!libraries.contains(name), "\(name) is linked:\n\(libraries)")
    }
  }

  /// libchafa, GLib and PCRE2 are opened by the symbol renderer when it first draws.
  @Test func chafaAndGLibAreNotLinked() throws {
    let libraries = try Self.sharedLibraries()
    #expect(libraries.contains("libpng16"), "ldd output unexpected: \(libraries)")
    for name in ["libchafa", "libglib", "libpcre2"] {
      #expect(!libraries.contains(name), "\(name) is linked:\n\(libraries)")
    }
  }
}
