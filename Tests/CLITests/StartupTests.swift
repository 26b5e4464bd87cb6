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
}
