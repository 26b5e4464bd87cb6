/// tmux's passthrough: `ESC P tmux; <sequence with every ESC doubled> ESC \` makes tmux hand
/// the sequence to the outer terminal (tmux 3.3+ needs `set -g allow-passthrough on`).
/// Used for the kitty and iTerm2 sequences and the kitty query; sixel goes to tmux itself,
/// which draws sixel images since 3.4 (and says so in its DA1 reply).
public enum TmuxPassthrough {
  static let prefix: [UInt8] = [0x1B, UInt8(ascii: "P")] + Array("tmux;".utf8)
  static let terminator: [UInt8] = [0x1B, UInt8(ascii: "\\")]

  public static func wrap(_ sequence: [UInt8]) -> [UInt8] {
    var out = prefix
    out.reserveCapacity(sequence.count + sequence.count / 64 + 16)
    for byte in sequence {
      if byte == 0x1B { out.append(0x1B) }
      out.append(byte)
    }
    return out + terminator
  }

  /// The sequence `wrap` was given, or nil when `wrapped` is not one passthrough sequence
  /// (missing prefix or terminator, or an undoubled ESC inside).
  public static func unwrap(_ wrapped: [UInt8]) -> [UInt8]? {
    guard wrapped.count >= prefix.count + terminator.count, Array(wrapped.prefix(prefix.count)) == prefix,
      Array(wrapped.suffix(terminator.count)) == terminator
    else { return nil }
    let body = wrapped[prefix.count..<(wrapped.count - terminator.count)]
    var out: [UInt8] = []
    out.reserveCapacity(body.count)
    var index = body.startIndex
    while index < body.endIndex {
      let byte = body[index]
      if byte == 0x1B {
        let next = body.index(after: index)
        guard next < body.endIndex, body[next] == 0x1B else { return nil }
        index = next
      }
      out.append(byte)
      index = body.index(after: index)
    }
    return out
  }
}
