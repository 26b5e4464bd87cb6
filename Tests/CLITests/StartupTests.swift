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

  /// The full Foundation (CoreFoundation, FoundationInternationalization and ICU's data) is
  /// not linked: snaprev uses FoundationEssentials alone, and its hashes come from the
  /// system's libcrypto, opened on the first digest, not from swift-crypto, which imports
  /// Foundation (docs/PERFORMANCE.md, "Start-up").
  @Test func onlyFoundationEssentialsIsLinked() throws {
    let libraries = try Self.sharedLibraries()
    #expect(libraries.contains("libFoundationEssentials"), "ldd output unexpected: \(libraries)")
    for name in ["libFoundation.so", "libFoundationInternationalization", "lib_FoundationICU"] {
      #expect(!libraries.contains(name), "\(name) is linked:\n\(libraries)")
    }
  }

  /// libchafa, GLib and PCRE2 are opened by the symbol renderer when it first draws, and
  /// libcrypto by the first digest.
  @Test func chafaGLibAndLibcryptoOpenWhenFirstUsed() throws {
    let libraries = try Self.sharedLibraries()
    #expect(libraries.contains("libpng16"), "ldd output unexpected: \(libraries)")
    for name in ["libchafa", "libglib", "libpcre2", "libcrypto"] {
      #expect(!libraries.contains(name), "\(name) is linked:\n\(libraries)")
    }
  }
}
