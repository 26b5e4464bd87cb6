extension SnapshotStore {
  /// The directories whose entries change whenever the store does: the root (store.json,
  /// and `artifacts/` when the first build arrives), `artifacts/` (a new
  /// build is one rename into it), each `artifacts/ID/` (approvals.json is renamed into it)
  /// and each `artifacts/ID/reviews/` (one reviewer's marks). Every store write is an atomic
  /// rename (docs/STORE.md, "Nothing lost"), so watching these directories' entries — or
  /// their modification times — sees every change without reading a file. Directories
  /// that do not exist (yet) are left out.
  public func watchedDirectories() -> [String] {
    guard FileSystem.isDirectory(root) else { return [] }
    guard FileSystem.isDirectory(files.artifactsDirectory), let ids = try? files.artifactIds() else { return [root] }
    var directories = [root, files.artifactsDirectory]
    for id in ids {
      directories.append(files.artifactDirectory(id))
      let reviews = files.reviewsDirectory(id)
      if FileSystem.isDirectory(reviews) { directories.append(reviews) }
    }
    return directories
  }

  /// Every reviewer's marks on this artifact, by the name each file records (`"reviewer"`).
  /// The reviewer shows who else has seen an image.
  public func reviewMarks(artifact id: String) throws(StoreError) -> [String: Set<String>] {
    _ = try files.requireStore()
    _ = try files.artifact(id)
    return try files.allReviewed(id)
  }
}
