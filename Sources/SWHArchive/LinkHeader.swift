/// RFC 8288 `Link` header values: `<url>; rel="next", <url>; rel="previous"`.
public enum LinkHeader {
  /// The target of the first link whose `rel` includes `relation`.
  public static func target(_ header: String, relation: String) -> String? {
    var rest = Substring(header)
    while let open = rest.firstIndex(of: "<") {
      guard let close = rest[open...].firstIndex(of: ">") else { return nil }
      let target = String(rest[rest.index(after: open)..<close])
      // Parameters run to the next top-level comma (quoted strings may hold commas).
      var index = rest.index(after: close)
      var inQuotes = false
      var parameters = ""
      while index < rest.endIndex {
        let character = rest[index]
        if character == "\"" { inQuotes.toggle() }
        if character == "," && !inQuotes { break }
        parameters.append(character)
        index = rest.index(after: index)
      }
      for parameter in parameters.split(separator: ";") {
        let pair = parameter.split(separator: "=", maxSplits: 1)
        guard pair.count == 2, pair[0].trimmingSpaces().lowercased() == "rel" else { continue }
        let value = pair[1].trimmingSpaces().trimmingCharacters(in: "\"")
        if value.split(separator: " ").contains(where: { $0.lowercased() == relation.lowercased() }) { return target }
      }
      rest = index < rest.endIndex ? rest[rest.index(after: index)...] : ""
    }
    return nil
  }
}

extension StringProtocol {
  func trimmingSpaces() -> String {
    String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
  }

  func trimmingCharacters(in character: Character) -> String {
    String(drop { $0 == character }.reversed().drop { $0 == character }.reversed())
  }
}
