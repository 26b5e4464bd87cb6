import TextEscaping

/// Core SWHIDs of snapshots: `swh:1:snp:` and 40 lowercase hexadecimal digits.
public enum SWHID {
  public static let snapshotPrefix = "swh:1:snp:"

  public static func snapshot(_ id: ObjectID) -> String {
    snapshotPrefix + id.hex
  }

  /// Parses `swh:1:snp:<40 lowercase hex>`; with `allowBareHex`, also the 40 digits alone.
  public static func parseSnapshot(_ text: String, allowBareHex: Bool = false) throws(SWHIDError) -> ObjectID {
    var digits = Substring(text)
    if text.hasPrefix(snapshotPrefix) {
      digits = digits.dropFirst(snapshotPrefix.count)
    } else if text.hasPrefix("swh:") {
      let parts = text.split(separator: ":", omittingEmptySubsequences: false)
      if parts.count >= 3, parts[1] != "1" { throw .unsupportedVersion(text) }
      if parts.count >= 3, parts[2] != "snp" { throw .notASnapshot(text) }
      throw .malformed(text)
    } else if !allowBareHex {
      throw .malformed(text)
    }
    let bytes = Array(digits.utf8)
    guard bytes.count == 40, bytes.allSatisfy(Hex.isLowercaseHex), let id = ObjectID(hexUTF8: bytes) else {
      throw .badDigits(text)
    }
    return id
  }
}

public enum SWHIDError: Error, Equatable, CustomStringConvertible {
  case malformed(String)
  case unsupportedVersion(String)
  case notASnapshot(String)
  case badDigits(String)

  public var description: String {
    switch self {
    case .malformed(let text):
      return "\"\(SafeText.escaped(text))\" is not a snapshot SWHID (expected swh:1:snp: and 40 lowercase hex digits)"
    case .unsupportedVersion(let text):
      return "\"\(SafeText.escaped(text))\" uses an unsupported SWHID version (only swh:1 exists)"
    case .notASnapshot(let text):
      return "\"\(SafeText.escaped(text))\" is not a snapshot SWHID (its type is not snp)"
    case .badDigits(let text):
      return "\"\(SafeText.escaped(text))\" does not end in 40 lowercase hexadecimal digits"
    }
  }
}
