import DiffCore
import DurableFiles
import FoundationEssentials
import JSONCore
import PNGCodec
import SnapshotModel
import SnapshotStore

/// The bundled demo: two builds of "Trailmix" (base on main, head on a feature branch)
/// with sidecars, and a selective head upload, so that every category appears: changed,
/// added, removed, renamed, errored (a canvas over the pixel limit), skipped, unchanged,
/// in two groups (iPhone 15, iPad Air).
public enum DemoBuild {
  struct File {
    let name: String
    let sidecar: [String: JSONValue]
    let draw: () -> RGBAImage
  }

  static let phone = "iPhone 15"
  static let tablet = "iPad Air"
  static let appID = "com.trailmix.app"
  static let baseSHA = "3f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39"
  static let headSHA = "8b7e4d2a1c0f9e8d7c6b5a4f3e2d1c0b9a8f7e61"

  static func sidecar(
    _ display: String, _ group: String, theme: String = "light", _ extra: [String: JSONValue] = [:]
  ) -> [String: JSONValue] {
    var fields: [String: JSONValue] = ["display_name": .string(display), "group": .string(group), "canvas_theme": .string(theme)]
    for (key, value) in extra { fields[key] = value }
    return fields
  }

  static var baseFiles: [File] {
    [
    File(name: "iphone/login.png", sidecar: sidecar("Login", phone, ["tags": .array([.string("auth")])])) { DemoScreens.login(.phone, head: false) },
    File(name: "iphone/home.png", sidecar: sidecar("Home feed", phone)) { DemoScreens.home(head: false) },
    File(name: "iphone/settings.png", sidecar: sidecar("Settings", phone)) { DemoScreens.settings(.phone, dark: false) },
    File(name: "iphone/settings_dark.png", sidecar: sidecar("Settings (dark)", phone, theme: "dark")) {
      DemoScreens.settings(.phone, dark: true)
    },
    File(name: "iphone/onboarding_3.png", sidecar: sidecar("Onboarding 3/3", phone)) { DemoScreens.onboarding() },
    File(
      name: "iphone/terms.png",
      sidecar: sidecar("Terms of service (full page)", phone, ["description": .string("Full-page capture of the terms.")])
    ) { DemoScreens.terms(height: 90_000) },
    File(name: "ipad/login.png", sidecar: sidecar("Login", tablet, ["tags": .array([.string("auth")])])) { DemoScreens.login(.tablet, head: false) },
    File(name: "ipad/map.png", sidecar: sidecar("Trail map", tablet)) { DemoScreens.map() },
    File(name: "ipad/search.png", sidecar: sidecar("Search", tablet)) { DemoScreens.search() },
    File(name: "ipad/settings.png", sidecar: sidecar("Settings", tablet)) { DemoScreens.settings(.tablet, dark: false) },
    ]
  }

  static var headFiles: [File] {
    [
    File(name: "iphone/login.png", sidecar: sidecar("Login", phone, ["tags": .array([.string("auth")])])) { DemoScreens.login(.phone, head: true) },
    File(name: "iphone/home.png", sidecar: sidecar("Home feed", phone)) { DemoScreens.home(head: true) },
    File(name: "iphone/settings.png", sidecar: sidecar("Settings", phone)) { DemoScreens.settings(.phone, dark: false) },
    File(name: "iphone/settings_dark.png", sidecar: sidecar("Settings (dark)", phone, theme: "dark")) {
      DemoScreens.settings(.phone, dark: true)
    },
    File(
      name: "iphone/profile.png",
      sidecar: sidecar("Profile · プロフィール", phone, ["description": .string("New screen: the hiker's profile.")])
    ) { DemoScreens.profile() },
    File(
      name: "iphone/terms.png",
      sidecar: sidecar("Terms of service (full page)", phone, ["description": .string("Full-page capture of the terms.")])
    ) { DemoScreens.terms(height: 102_600) },
    File(name: "ipad/login.png", sidecar: sidecar("Login", tablet, ["tags": .array([.string("auth")])])) { DemoScreens.login(.tablet, head: true) },
    File(name: "ipad/explore_map.png", sidecar: sidecar("Trail map", tablet)) { DemoScreens.map() },
    File(name: "ipad/settings.png", sidecar: sidecar("Settings", tablet)) { DemoScreens.settings(.tablet, dark: false) },
    ]
  }

  /// Every name the selective head build has: what it uploaded, plus the search screen it
  /// did not re-render (so that one is skipped, not removed).
  static var headAllNames: [String] { (headFiles.map(\.name) + ["ipad/search.png"]).sorted() }

  static let allNamesFile = "head-all-image-file-names.txt"

  struct Failure: Error, CustomStringConvertible {
    let description: String
  }

  /// Writes `base/`, `head/` and the name list under `directory`.
  public static func generate(into directory: String) throws {
    let manager = FileManager.default
    for (build, files) in [("base", baseFiles), ("head", headFiles)] {
      for file in files {
        let path = "\(directory)/\(build)/\(file.name)"
        try manager.createDirectory(atPath: Files.parentDirectory(path), withIntermediateDirectories: true)
        let png: [UInt8]
        do {
          png = try PNGCodec.encode(file.draw(), compressionLevel: 9)
        } catch {
          throw Failure(description: "\(path): \(error)")
        }
        try Data(png).write(to: URL(fileURLWithPath: path))
        let json = JSONWriter.bytes(.object(JSONObject(file.sidecar)), style: .foundationPretty)
        try Data(json + Array("\n".utf8)).write(to: URL(fileURLWithPath: String(path.dropLast(4)) + ".json"))
      }
    }
    try Data((headAllNames.joined(separator: "\n") + "\n").utf8)
      .write(to: URL(fileURLWithPath: "\(directory)/\(allNamesFile)"))
  }

  /// Uploads the base build, then the selective head build, into `store`.
  /// Returns the head artifact id.
  public static func upload(from directory: String, into store: SnapshotStore) throws -> String {
    let base = UploadRequest(
      directory: directory + "/base", appId: appID, buildConfiguration: "Release",
      vcs: VCSInfo(headSha: baseSHA, headRef: "main", headRepoName: "trailmix/ios", provider: "github"))
    _ = try store.upload(base)
    let namesPath = "\(directory)/\(allNamesFile)"
    guard let names = FileManager.default.contents(atPath: namesPath) else {
      throw Failure(description: "\(namesPath): cannot read the demo's name list")
    }
    let head = UploadRequest(
      directory: directory + "/head", appId: appID, buildConfiguration: "Release",
      vcs: VCSInfo(
        headSha: headSHA, baseSha: baseSHA, headRef: "feature/trail-profiles", baseRef: "main",
        headRepoName: "trailmix/ios", baseRepoName: "trailmix/ios", provider: "github", prNumber: 42),
      selective: true,
      allImageFileNames: try UploadRequest.readAllImageFileNames([UInt8](names), path: namesPath))
    return try store.upload(head).artifactId
  }
}
