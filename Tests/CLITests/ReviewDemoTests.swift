import DiffCore
import Foundation
import JSONCore
import PNGCodec
import Testing
import TestSupport

@testable import DemoContent

/// The bundled demo: reproducible from the committed Swift, and covering every category.
struct ReviewDemoTests {
  @Test func committedDemoImagesAreWhatTheGeneratorDraws() throws {
    let root = ReviewE2E.demoBuilds
    for (build, files) in [("base", DemoBuild.baseFiles), ("head", DemoBuild.headFiles)] {
      for file in files {
        let path = "\(root)/\(build)/\(file.name)"
        let bytes = try Fixtures.bytesAt(path)
        if file.name.hasSuffix("terms.png") {
          // 35-40 Mpx pages: compare the header only (decoding them would dominate the suite).
          let header = try PNGCodec.header(of: bytes, source: path)
          #expect(header.width == 390 && [90_000, 102_600].contains(header.height), "\(path)")
          continue
        }
        let committed = try PNGCodec.decode(bytes, source: path)
        #expect(committed == file.draw(), "\(path) differs from DemoScreens; run snaprev demo --generate")
        let sidecar = try JSONParser.parse(try Fixtures.bytesAt(String(path.dropLast(4)) + ".json"))
        #expect(sidecar.objectValue?.count == file.sidecar.count, "\(path)")
        for (key, value) in file.sidecar { #expect(sidecar[key] == value, "\(path): \(key)") }
      }
    }
    let names = try String(contentsOfFile: "\(root)/\(DemoBuild.allNamesFile)", encoding: .utf8)
    #expect(names.split(separator: "\n").map(String.init) == DemoBuild.headAllNames)
  }

  @Test func demoStoreHasEveryCategoryAndTwoGroups() throws {
    let store = try ReviewE2E.demoStore()
    let details = try ReviewE2E.show("2", store: store)
    for category in ["changed", "added", "removed", "renamed", "errored", "skipped", "unchanged"] {
      #expect((details["\(category)_count"] as? Int ?? 0) >= 1, "no \(category) image in the demo")
    }
    #expect(details["approval_status"] as? String == "requires_approval")
    var groups = Set<String>()
    for category in ["changed", "added", "unchanged"] {
      for item in (details[category] as? [[String: Any]]) ?? [] {
        let image = (item["head_image"] as? [String: Any]) ?? item
        if let group = image["group"] as? String { groups.insert(group) }
      }
    }
    #expect(groups == ["iPhone 15", "iPad Air"])
  }

  @Test func demoWithoutATerminalExplainsInsteadOfDrawing() throws {
    let store = try ReviewE2E.demoStore()
    // stdin/stdout are pipes here: curses must not start, the error must be readable.
    let result = try SnaprevBinary.run(["review", "2", "--store", store])
    #expect(result.status != 0)
    #expect(result.outputText.contains("must be a terminal"))
    #expect(!result.outputText.contains("\u{1B}["))
  }

  @Test func unknownStoreOrBuildIsAClearErrorBeforeTheScreenChanges() throws {
    let missing = try SnaprevBinary.run(["review", "--store", "/nonexistent/snaprev-store"])
    #expect(missing.status != 0)
    #expect(missing.outputText.contains("no snapshot store at /nonexistent/snaprev-store"))
    let store = try ReviewE2E.demoStore()
    let unknown = try SnaprevBinary.run(["review", "99", "--store", store])
    #expect(unknown.status != 0)
    #expect(unknown.outputText.contains("no artifact with id 99"))
  }
}

extension Fixtures {
  static func bytesAt(_ path: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
  }
}
