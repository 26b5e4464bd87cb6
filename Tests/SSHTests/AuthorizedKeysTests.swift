import Foundation
import Testing

@testable import SnaprevSSH

/// authorized_keys as a value: names, refusals naming the file and line, fingerprints as
/// OpenSSH prints them.
struct AuthorizedKeysTests {
  // Made with ssh-keygen -t ed25519; its fingerprint as `ssh-keygen -l` prints it.
  static let alice = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPpTpnJQ6q8JfQX6zQF0h7tXq8nS3HWo4BQ9JmC3e3Fv"

  @Test func namesComeFromTheComment() throws {
    let keys = try AuthorizedKeys.parse("# team\n\n\(Self.alice) Alice Example\n", file: "keys")
    #expect(keys.keys.count == 1)
    #expect(keys.keys[0].name == "Alice Example")
    #expect(keys.keys[0].line == 3)
    #expect(keys.keys[0].fingerprint.hasPrefix("SHA256:"))
    #expect(!keys.keys[0].fingerprint.hasSuffix("="))
  }

  @Test(arguments: [
    ("\(alice)", "line 1: has no reviewer name"),
    ("\(alice) a\u{1B}]2;x\u{07}b", "line 1: the reviewer name \"a\\e]2;x\\x07b\" holds control characters"),
    ("\(alice) " + String(repeating: "n", count: 101), "is longer than 100 characters"),
    ("ssh-rsa AAAAB3NzaC1yc2E bob", "key type \"ssh-rsa\" is not supported"),
    ("command=\"x\" \(alice) bob", "per-key options are not supported"),
    ("ssh-ed25519 !!!! bob", "not valid base64"),
    ("ssh-ed25519 AAAAB3NzaC1yc2EAAAADAQAB bob", "does not parse as ssh-ed25519"),
  ])
  func unusableLinesStopTheStart(line: String, message: String) {
    #expect {
      _ = try AuthorizedKeys.parse("# ok\n" + line, file: "/etc/keys")
    } throws: { error in
      let text = String(describing: error)
      return text.hasPrefix("--authorized-keys /etc/keys line 2: ") && text.contains(message.replacingOccurrences(of: "line 1: ", with: ""))
    }
  }
}
