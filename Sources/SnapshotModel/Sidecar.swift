import TextEscaping
import JSONCore

/// A `NAME.json` beside `NAME.png`: the image's metadata, checked.
public enum Sidecar {
  /// Keys a sidecar may not set: they are computed from the file itself.
  public static let reservedKeys: Set<String> = ["image_file_name", "key", "width", "height", "content_hash"]

  /// Parses and checks a sidecar; the error text says which key is wrong and why.
  public static func parse(_ bytes: [UInt8]) -> Result<ImageMetadata, SidecarProblem> {
    let value: JSONValue
    do {
      value = try JSONParser.parse(bytes, options: .store)
    } catch {
      return .failure(SidecarProblem("not valid JSON: \(error.description)"))
    }
    guard case .object(let members) = value else {
      return .failure(SidecarProblem("must be a JSON object, found \(value.typeName)"))
    }
    var sidecar = ImageMetadata()
    for (key, member) in members {
      switch key {
      case "display_name", "group", "description":
        guard member.isNull || member.stringValue != nil else {
          return .failure(SidecarProblem("\"\(key)\" must be a string or null, found \(member.typeName)"))
        }
        let text = member.stringValue
        if key == "display_name" { sidecar.displayName = text }
        if key == "group" { sidecar.group = text }
        if key == "description" { sidecar.description = text }
      case "diff_threshold":
        if member.isNull { continue }
        guard let threshold = member.doubleValue else {
          return .failure(SidecarProblem("\"diff_threshold\" must be a number, found \(member.typeName)"))
        }
        guard threshold >= 0 && threshold < 1 else {
          return .failure(SidecarProblem("\"diff_threshold\" must be at least 0 and below 1, found \(threshold)"))
        }
        sidecar.diffThreshold = threshold
      case "canvas_theme":
        guard member.isNull || member == .string("light") || member == .string("dark") else {
          return .failure(
            SidecarProblem("\"canvas_theme\" must be \"light\", \"dark\" or null, found \(describe(member))"))
        }
        sidecar.canvasTheme = member.stringValue
      case "tags":
        switch member {
        case .null:
          sidecar.tags = nil
        case .array(let items):
          var tags: [String: String] = [:]
          for item in items {
            guard let tag = item.stringValue else {
              return .failure(SidecarProblem("\"tags\" entries must be strings, found \(item.typeName)"))
            }
            tags[tag] = tag
          }
          sidecar.tags = tags
        case .object(let entries):
          var tags: [String: String] = [:]
          for (tag, entry) in entries {
            guard let text = entry.stringValue else {
              return .failure(SidecarProblem("\"tags\".\(SafeText.escaped(tag)) must be a string, found \(entry.typeName)"))
            }
            tags[tag] = text
          }
          sidecar.tags = tags
        default:
          return .failure(SidecarProblem("\"tags\" must be a list of strings or an object, found \(member.typeName)"))
        }
      default:
        if reservedKeys.contains(key) {
          return .failure(SidecarProblem("\"\(key)\" is computed from the PNG and cannot be set in a sidecar"))
        }
        sidecar.extra[key] = member
      }
    }
    return .success(sidecar)
  }

  private static func describe(_ value: JSONValue) -> String {
    if let text = value.stringValue { return "\"\(SafeText.escaped(text))\"" }
    return value.typeName
  }

  public struct SidecarProblem: Error, Equatable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
  }
}
