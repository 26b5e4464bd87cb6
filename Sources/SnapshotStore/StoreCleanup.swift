import FoundationEssentials

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What `snaprev gc` found and did.
public struct GarbageReport: Sendable, Equatable {
  /// Keys of unreferenced blobs past the grace period: removed, or (dry run) to remove.
  public var unreferenced: [String] = []
  public var unreferencedBytes = 0
  /// Unreferenced blobs kept because they are newer than the grace period.
  public var keptTooNew = 0
  /// Temporary files of killed writers: removed, or (dry run) to remove.
  public var staleTemporaryFiles = 0
}

extension SnapshotStore {
  /// The default grace period of `gc`: an unreferenced blob younger than this is kept.
  public static let defaultGarbageGrace: TimeInterval = 3600

  /// Removes blobs that no artifact references (its images, and every comparison's images
  /// and masks) and the temporary files of killed writers. Holds the writers' lock the
  /// whole time: an upload writes its blobs only while it holds that lock and commits its
  /// artifact before releasing it, so gc never sees an upload's blobs without the artifact
  /// naming them. Blobs newer than `grace` are kept as a second wall, for blobs placed by
  /// anything that does not take the lock (a store restored file by file, blobs before the
  /// artifacts that name them). A store file that cannot be read stops gc: it cannot tell
  /// what that file references.
  public func collectGarbage(dryRun: Bool, grace: TimeInterval = defaultGarbageGrace) throws(StoreError)
    -> GarbageReport
  {
    try withWriteLock(create: false) { _ throws(StoreError) in
      var report = GarbageReport()
      report.staleTemporaryFiles = try removeStaleTemporaryFiles(everywhere: true, dryRun: dryRun)
      let referenced = try referencedBlobKeys()
      let cutoff = now().timeIntervalSince1970 - grace
      for shard in try FileSystem.list(files.imagesDirectory).sorted() {
        for name in try FileSystem.list(files.imagesDirectory + "/" + shard).sorted() {
          guard name.hasSuffix(".png") else { continue }
          let key = String(name.dropLast(4))
          guard BlobStore.isValidKey(key), !referenced.contains(key) else { continue }
          let path = blobs.path(key)
          var info = stat()
          guard lstat(path, &info) == 0 else { continue }
          #if canImport(Darwin)
            let modified = Double(info.st_mtimespec.tv_sec)
          #else
            let modified = Double(info.st_mtim.tv_sec)
          #endif
          if modified > cutoff {
            report.keptTooNew += 1
            continue
          }
          if !dryRun && unlink(path) != 0 && errno != ENOENT { throw FileSystem.ioError(path, "unlink") }
          report.unreferenced.append(key)
          report.unreferencedBytes += Int(info.st_size)
        }
      }
      return report
    }
  }

  /// Every blob key a committed artifact or any comparison file names. Entries files whose
  /// record is missing (a writer killed between the two) count too: erring towards keeping.
  func referencedBlobKeys() throws(StoreError) -> Set<String> {
    var keys = Set<String>()
    for id in try files.artifactIds() {
      for image in try files.manifest(id).images { keys.insert(image.key) }
      for name in try FileSystem.list(files.artifactDirectory(id)) {
        guard name.hasPrefix("comparison-"), name.hasSuffix("-images.json"),
          let number = Int(name.dropFirst("comparison-".count).dropLast("-images.json".count))
        else { continue }
        for entry in try files.comparisonEntries(id, number) {
          for key in [entry.headKey, entry.baseKey, entry.diffImageKey].compactMap({ $0 }) { keys.insert(key) }
        }
      }
    }
    return keys
  }

  /// Removes the temporary files (`.NAME.tmp-PID-RANDOM`, see `FileSystem.writeAtomically`)
  /// that killed writers left in the store root, in `artifacts` (or only those of the
  /// artifact ids given, when not `everywhere`), their `reviews/`, and (`everywhere`) every
  /// blob shard. Called with the lock held: every snaprev writer writes only while holding
  /// it, so any temporary file found then belongs to a writer that is gone (the kernel
  /// released its lock when it died). Returns how many there were.
  @discardableResult
  func removeStaleTemporaryFiles(
    everywhere: Bool, artifacts ids: [String] = [], dryRun: Bool = false
  ) throws(StoreError) -> Int {
    var directories = [root]
    for id in try everywhere ? files.artifactIds() : ids {
      directories += [files.artifactDirectory(id), files.reviewsDirectory(id)]
    }
    if everywhere {
      directories += try FileSystem.list(files.imagesDirectory).sorted().map { files.imagesDirectory + "/" + $0 }
    }
    var count = 0
    for directory in directories {
      for name in try FileSystem.list(directory) where Self.isTemporaryFileName(name) {
        if !dryRun && unlink(directory + "/" + name) != 0 && errno != ENOENT {
          throw FileSystem.ioError(directory + "/" + name, "unlink")
        }
        count += 1
      }
    }
    return count
  }

  static func isTemporaryFileName(_ name: String) -> Bool {
    name.hasPrefix(".") && name.contains(".tmp-")
  }
}
