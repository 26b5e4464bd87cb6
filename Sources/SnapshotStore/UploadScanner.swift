import DiffCore
import Dispatch
import DurableFiles
import PNGCodec
import SnapshotModel
import Synchronization
import TextEscaping
import WorkThreads

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One PNG found under the upload directory, hashed and checked.
struct ScannedImage: Sendable {
  var image: SnapshotImage
  /// Absolute path bytes (the directory may have a non-UTF-8 name).
  var source: [UInt8]
  var byteCount: Int
}

/// Finds, hashes and checks every `*.png` under a directory, and reads their sidecars,
/// without writing anything. Any bad input is an error naming the file.
enum UploadScanner {
  struct Found {
    var pngs: [(name: String, path: [UInt8])] = []
    /// Sidecar candidates by the image name they would belong to (`x.json` → `x.png`).
    var sidecars: [String: [UInt8]] = [:]
  }

  static func scan(directory: String, maxImages: Int) throws(StoreError) -> [ScannedImage] {
    guard let root = realPath(Array(directory.utf8)) else {
      throw .invalidUpload(path: directory, reason: "cannot open the directory: \(FileSystem.errnoText())")
    }
    guard isDirectory(root) else {
      throw .invalidUpload(path: directory, reason: "not a directory")
    }
    var found = Found()
    var visited = Set<FileID>()
    try walk(root: root, directory: root, relative: [], display: directory, found: &found, visited: &visited, maxImages: maxImages)
    if found.pngs.isEmpty {
      throw .invalidUpload(path: directory, reason: "no *.png files found")
    }
    return try hashAll(found, display: directory)
  }

  private struct FileID: Hashable {
    var device: UInt64
    var inode: UInt64
  }

  private static func walk(
    root: [UInt8], directory: [UInt8], relative: [UInt8], display: String, found: inout Found,
    visited: inout Set<FileID>, maxImages: Int
  ) throws(StoreError) {
    guard let id = fileID(directory), visited.insert(id).inserted else { return }
    let names = try FileSystem.listBytes(raw: directory, shown: display + "/" + SafeText.escaped(bytes: relative))
    for name in names.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
      let path = directory + [0x2F] + name
      let relativeName = relative.isEmpty ? name : relative + [0x2F] + name
      let shown = display + "/" + SafeText.escaped(bytes: relativeName)
      var info = stat()
      guard FileSystem.withCPath(path, { lstat($0, &info) }) == 0 else {
        throw .invalidUpload(path: shown, reason: "cannot read: \(FileSystem.errnoText())")
      }
      var target = path
      if (info.st_mode & S_IFMT) == S_IFLNK {
        guard let resolved = realPath(path) else {
          throw .invalidUpload(path: shown, reason: "broken symbolic link")
        }
        guard resolved == root || resolved.starts(with: root + [0x2F]) else {
          throw .invalidUpload(
            path: shown, reason: "symbolic link leaves the upload directory (to \(SafeText.escaped(bytes: resolved)))")
        }
        guard FileSystem.withCPath(resolved, { stat($0, &info) }) == 0 else {
          throw .invalidUpload(path: shown, reason: "cannot read: \(FileSystem.errnoText())")
        }
        target = resolved
      }
      let kind = info.st_mode & S_IFMT
      if kind == S_IFDIR {
        try walk(
          root: root, directory: target, relative: relativeName, display: display, found: &found,
          visited: &visited, maxImages: maxImages)
        continue
      }
      if hasSuffix(name, ".png") {
        guard kind == S_IFREG else {
          throw .invalidUpload(path: shown, reason: "not a regular file")
        }
        let validated: String
        switch ImageNames.validate(relativeName) {
        case .success(let text): validated = text
        case .failure(let problem): throw .invalidUpload(path: shown, reason: problem.description)
        }
        found.pngs.append((validated, target))
        if found.pngs.count > maxImages {
          throw .tooManyImages(directory: display, count: found.pngs.count, limit: maxImages)
        }
      } else if hasSuffix(name, ".json"), kind == S_IFREG,
        let text = String(validating: relativeName.dropLast(5), as: UTF8.self)
      {
        found.sidecars[text + ".png"] = target
      }
    }
  }

  /// Reads every image once, on two threads: hash, PNG header, sidecar. Errors are
  /// reported for the first bad file in name order, so the message does not depend on timing.
  private static func hashAll(_ found: Found, display: String) throws(StoreError) -> [ScannedImage] {
    let pngs = found.pngs
    let results = Mutex<[Int: Result<ScannedImage, StoreError>]>([:])
    let next = Atomic<Int>(0)
    // ParallelWork starts its threads; concurrentPerform may run every iteration on the caller
    // in a fresh process (ParallelWork.swift). One-shot CPU-vs-wall figures: docs/PERFORMANCE.md.
    ParallelWork.forEach(iterations: 2, maxThreads: 2) { _ in
      while true {
        let index = next.add(1, ordering: .relaxed).oldValue
        guard index < pngs.count else { return }
        let (name, path) = pngs[index]
        let result = Result { () throws(StoreError) -> ScannedImage in
          try scanOne(name: name, path: path, sidecar: found.sidecars[name], display: display)
        }
        results.withLock { $0[index] = result }
      }
    }
    let collected = results.withLock { $0 }
    var images: [ScannedImage] = []
    images.reserveCapacity(pngs.count)
    for index in pngs.indices {
      guard let result = collected[index] else {
        throw .invalidUpload(path: display, reason: "internal error: \(pngs[index].name) was not read")
      }
      images.append(try result.get())
    }
    return images
  }

  private static func scanOne(
    name: String, path: [UInt8], sidecar: [UInt8]?, display: String
  ) throws(StoreError) -> ScannedImage {
    let shown = display + "/" + name
    let bytes = try readRegularFile(path, shown: shown)
    let header: PNGHeader
    do {
      // Every chunk's CRC and the chunk structure, not just the header: a corrupt file is
      // refused here, all or nothing, instead of becoming an errored image later.
      header = try PNGCodec.validateStructure(bytes, source: name)
    } catch {
      let reason: String
      if case .corrupt(_, let message) = error { reason = message } else { reason = error.description }
      throw .invalidUpload(path: shown, reason: "not a valid PNG (\(reason))")
    }
    var image = SnapshotImage(
      imageFileName: name, key: BlobStore.key(of: bytes), width: header.width, height: header.height)
    if let sidecar {
      let sidecarName = String(name.dropLast(4)) + ".json"
      let sidecarBytes = try readRegularFile(sidecar, shown: display + "/" + sidecarName)
      switch Sidecar.parse(sidecarBytes) {
      case .success(let metadata):
        image.metadata = metadata
      case .failure(let problem):
        throw .invalidUpload(path: display + "/" + sidecarName, reason: "invalid sidecar: \(problem)")
      }
    }
    return ScannedImage(image: image, source: path, byteCount: bytes.count)
  }

  /// Reads an upload's file through one descriptor: opened without following a symbolic
  /// link and without blocking, checked with `fstat` to be a regular file, then read. The
  /// walk's checks were made on the path; a file swapped after them for a symlink out of
  /// DIR is refused here, and a FIFO (whose blocking open would hang the upload forever) is
  /// opened at once and refused.
  static func readRegularFile(_ path: [UInt8], shown: String) throws(StoreError) -> [UInt8] {
    let read: Files.RegularFileRead
    do {
      read = try Files.readRegularFile(raw: path, shown: shown)
    } catch {
      throw .invalidUpload(path: shown, reason: "cannot read: \(error.operation) failed: \(error.reason)")
    }
    switch read {
    case .bytes(let bytes): return bytes
    case .symbolicLink:
      throw .invalidUpload(path: shown, reason: "became a symbolic link while the upload was reading the directory")
    case .notRegular: throw .invalidUpload(path: shown, reason: "not a regular file")
    }
  }

  // MARK: - Path helpers (raw bytes, since names may not be UTF-8)

  private static func realPath(_ path: [UInt8]) -> [UInt8]? {
    guard let resolved = FileSystem.withCPath(path, { realpath($0, nil) }) else { return nil }
    defer { free(resolved) }
    return Array(UnsafeBufferPointer(start: resolved, count: strlen(resolved))).map { UInt8(bitPattern: $0) }
  }

  private static func isDirectory(_ path: [UInt8]) -> Bool {
    var info = stat()
    return FileSystem.withCPath(path, { stat($0, &info) }) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
  }

  private static func fileID(_ path: [UInt8]) -> FileID? {
    var info = stat()
    guard FileSystem.withCPath(path, { stat($0, &info) }) == 0 else { return nil }
    return FileID(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
  }

  private static func hasSuffix(_ name: [UInt8], _ suffix: String) -> Bool {
    let tail = Array(suffix.utf8)
    return name.count > tail.count && Array(name.suffix(tail.count)) == tail
  }
}
