/// The rules for an `image_file_name` (a path relative to the upload directory, `/`
/// separators). Applied to every uploaded file and every `--all-image-file-names` entry.
public enum ImageNames {
  /// The name as text, or why it is refused. `raw` is the name's bytes as the file system
  /// gave them.
  public static func validate(_ raw: [UInt8]) -> Result<String, NameProblem> {
    guard let name = String(validating: raw, as: UTF8.self) else { return .failure(.notUTF8) }
    return validate(name)
  }

  public static func validate(_ name: String) -> Result<String, NameProblem> {
    if name.isEmpty { return .failure(.empty) }
    if name.hasPrefix("/") { return .failure(.absolute) }
    if name.contains("..") { return .failure(.dotDot) }
    if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
      return .failure(.controlCharacter)
    }
    if name.contains("\\") { return .failure(.backslash) }
    if name.split(separator: "/", omittingEmptySubsequences: false).contains(where: \.isEmpty) {
      return .failure(.emptyComponent)
    }
    return .success(name)
  }

  public enum NameProblem: Error, Equatable, CustomStringConvertible {
    case notUTF8, empty, absolute, dotDot, controlCharacter, backslash, emptyComponent

    public var description: String {
      switch self {
      case .notUTF8: return "the file name is not valid UTF-8"
      case .empty: return "the name is empty"
      case .absolute: return "the name is an absolute path"
      case .dotDot: return "the name contains \"..\""
      case .controlCharacter: return "the name contains a control character"
      case .backslash: return "the name contains a backslash"
      case .emptyComponent: return "the name has an empty path component (\"//\" or a trailing \"/\")"
      }
    }
  }
}
