import SWHModel

/// The branches of the derived vectors, as given to swh.model.
public enum DerivedVectors {
  public static let revision = ObjectID(hex: "aafb16d69fd30ff58afdd69036a26047f3aebdc6")!
  public static let release = ObjectID(hex: "7045404f3d1c54e6473c71bbb716529fbad4be24")!

  public static let all: [String: [Branch]] = [
    "utf8_name_and_alias": [
      Branch(name: "refs/heads/caf\u{e9}", target: .object(.revision, revision)),
      Branch(name: "HEAD", target: .alias(Array("refs/heads/caf\u{e9}".utf8))),
    ],
    "non_utf8_name": [
      Branch(name: Array("refs/heads/".utf8) + [0xFF, 0xFE], target: .object(.revision, revision)),
      Branch(name: Array("refs/tags/v".utf8) + [0x80, 0x31], target: .object(.release, release)),
    ],
    "byte_order": [
      Branch(name: "B", target: .dangling), Branch(name: "a", target: .object(.revision, revision)),
      Branch(name: "a-b", target: .dangling), Branch(name: "a/b", target: .dangling),
      Branch(name: "ab", target: .dangling), Branch(name: "é", target: .dangling), Branch(name: "z", target: .dangling),
    ],
    "nfc_vs_nfd": [
      Branch(name: Array("caf\u{e9}".utf8), target: .object(.revision, revision)),
      Branch(name: Array("cafe\u{301}".utf8), target: .object(.release, release)),
    ],
    "utf8_vs_utf16_order": [
      Branch(name: Array("\u{ff5e}".utf8), target: .dangling),
      Branch(name: Array("\u{1F600}".utf8), target: .object(.revision, revision)),
    ],
    "alias_chain_dangling": [
      Branch(name: "HEAD", target: .alias(Array("refs/heads/main".utf8))),
      Branch(name: "refs/heads/main", target: .alias(Array("refs/heads/gone".utf8))),
      Branch(name: "refs/heads/gone", target: .dangling),
    ],
    "self_alias": [Branch(name: "loop", target: .alias(Array("loop".utf8)))],
    "escapes_and_controls": [
      Branch(name: Array("a\\b".utf8), target: .object(.revision, revision)),
      Branch(name: Array("nul".utf8) + [0] + Array("x".utf8), target: .dangling),
      Branch(name: Array("esc\u{1b}[31m".utf8), target: .alias(Array("a\\b".utf8))),
    ],
  ]
}
