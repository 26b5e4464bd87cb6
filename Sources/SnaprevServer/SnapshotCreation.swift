import JSONCore
import Foundation
import PNGCodec
import SnapshotStore
import TextEscaping

#if canImport(Glibc)
  import Glibc
#endif

/// Turns a checked manifest and its uploaded objects into a build, exactly as `snaprev upload`
/// would: the objects are re-hashed, laid out as the folder sentry-cli read (hard links, and
/// each image's sidecar keys as `NAME.json`) in a private staging directory, and that folder
/// goes through `SnapshotStore.upload`, which validates everything again, stores it and
/// compares it in one all-or-nothing commit.
struct SnapshotCreation: Sendable {
  let state: ServerState
  let project: String

  struct Created: Sendable {
    var artifactId: String
    var imageCount: Int
  }

  func run(_ manifest: SnapshotManifest) throws -> Created {
    let staging = state.staging + "/create-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
    defer { try? FileManager.default.removeItem(atPath: staging) }
    do {
      try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
    } catch {
      throw HTTPFailure(.internalServerError, "Cannot create a staging directory: \(error.localizedDescription)")
    }
    for image in manifest.images {
      try stage(image, in: staging)
    }
    let request = UploadRequest(
      directory: staging, project: project, appId: manifest.appId, vcs: manifest.vcs,
      diffThreshold: manifest.diffThreshold, selective: manifest.selective,
      allImageFileNames: manifest.allImageFileNames)
    let result: UploadResult
    do {
      result = try state.store.upload(request)
    } catch {
      // The store names files in the staging folder; the client knows them by image name.
      let text = error.description.replacingOccurrences(of: staging + "/", with: "")
        .replacingOccurrences(of: staging, with: "the upload")
      switch error {
      case .invalidUpload, .tooManyImages, .invalidKey: throw HTTPFailure(.badRequest, text)
      default: throw HTTPFailure(.internalServerError, "The store refused the build: \(text)")
      }
    }
    // Every object is an image of the store now; the pending copies are no longer needed.
    state.objects.remove(manifest.images.map(\.contentHash))
    return Created(artifactId: result.artifactId, imageCount: result.imageCount)
  }

  private func stage(_ image: SnapshotManifest.Image, in staging: String) throws {
    let shown = SafeText.escaped(image.name)
    func refuse(_ reason: String) -> HTTPFailure { HTTPFailure(.badRequest, "Image \(shown): \(reason).") }
    // sentry-cli trusts the objectstore's HEAD blindly, so presence and content are checked here.
    guard let source = state.objects.file(image.contentHash), let bytes = state.objects.read(image.contentHash) else {
      throw refuse("its object \(image.contentHash) was never uploaded")
    }
    guard UploadedObjects.sha256(bytes) == image.contentHash else {
      throw refuse("the uploaded object's SHA-256 is not its content_hash \(image.contentHash)")
    }
    let header: PNGHeader
    do {
      header = try PNGCodec.header(of: bytes, source: image.name)
    } catch {
      throw refuse("not a valid PNG (\(error.description))")
    }
    let (pixels, overflow) = Int(header.width).multipliedReportingOverflow(by: Int(header.height))
    if overflow || pixels > SnapshotManifest.maxPixels {
      throw refuse("\(header.width)×\(header.height) pixels exceeds the limit of \(SnapshotManifest.maxPixels) pixels")
    }
    let target = staging + "/" + image.name
    let parent = (target as NSString).deletingLastPathComponent
    do {
      try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
    } catch {
      throw refuse("its folder conflicts with another image's name")
    }
    if link(source, target) != 0 {
      guard FileManager.default.createFile(atPath: target, contents: Data(bytes)) else {
        throw refuse("it conflicts with another image's name")
      }
    }
    if !image.sidecar.isEmpty {
      let sidecarPath = String(target.dropLast(".png".count)) + ".json"
      let json = JSONWriter.bytes(.object(image.sidecar), style: .storePretty)
      guard FileManager.default.createFile(atPath: sidecarPath, contents: Data(json)) else {
        throw refuse("its sidecar cannot be staged")
      }
    }
  }

  /// Removes staging folders left by a server process that no longer runs (killed mid-create).
  static func removeAbandonedStaging(_ directory: String) {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
    for name in names where name.hasPrefix("create-") {
      let fields = name.split(separator: "-")
      guard fields.count >= 3, let pid = Int32(fields[1]) else { continue }
      if pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH {
        try? FileManager.default.removeItem(atPath: directory + "/" + name)
      }
    }
  }
}
