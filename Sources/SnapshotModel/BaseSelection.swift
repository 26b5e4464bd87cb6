/// Which artifact a head is compared with, and how a selective base's full image set is
/// rebuilt from its ancestry (Sentry's `snapshots/utils.py` and `reconstruction.py`).
public enum BaseSelection {
  /// Sentry's `MAX_CHAIN_DEPTH`.
  public static let maxChainDepth = 50

  /// The newest artifact whose head_sha is `head`'s base_sha, in the same project, with the
  /// same app_id and build configuration, and whose head repo is `head`'s base repo (or its
  /// head repo when no base repo was given). A repo nobody gave matches any: a base uploaded
  /// without `--head-repo` must not leave its heads waiting forever. Nil without base_sha.
  public static func base(for head: Artifact, among artifacts: [Artifact]) -> Artifact? {
    guard let baseSha = head.vcs.baseSha else { return nil }
    let repo = head.vcs.baseRepoName ?? head.vcs.headRepoName
    return artifacts
      .filter {
        $0.id != head.id && $0.vcs.headSha == baseSha && sameRepo($0.vcs.headRepoName, repo)
          && $0.project == head.project && $0.appId == head.appId
          && $0.buildConfiguration == head.buildConfiguration
      }
      .max { $0.number < $1.number }
  }

  static func sameRepo(_ a: String?, _ b: String?) -> Bool {
    guard let a, let b else { return true }
    return a == b
  }

  /// Heads that name `base` as theirs (the reverse of `base(for:)`).
  public static func heads(waitingFor base: Artifact, among artifacts: [Artifact]) -> [Artifact] {
    artifacts.filter { candidate in
      candidate.id != base.id && BaseSelection.base(for: candidate, among: [base]) != nil
    }
  }

  /// The base and its ancestors, down to the first complete build or the end of the chain.
  /// `ancestorMissing` is true when the deepest build names a base_sha nobody uploaded yet.
  public static func chain(from base: Artifact, among artifacts: [Artifact]) -> (
    chain: [Artifact], ancestorMissing: Bool
  ) {
    var chain: [Artifact] = []
    var visited = Set<String>()
    var current: Artifact? = base
    while let artifact = current {
      if visited.contains(artifact.id) || chain.count >= maxChainDepth { return (chain, false) }
      visited.insert(artifact.id)
      chain.append(artifact)
      if !artifact.selective { return (chain, false) }
      guard let ancestor = Self.base(for: artifact, among: artifacts) else {
        return (chain, artifact.vcs.baseSha != nil)
      }
      current = ancestor
    }
    return (chain, false)
  }

  public enum Reconstruction: Sendable, Equatable {
    case complete(BaseImageSet)
    /// An ancestor is not uploaded yet; it may still arrive (600 s grace).
    case incomplete
    /// No complete build exists in the chain (cycle, depth cap, or a chain of selective
    /// builds that ends without a base).
    case unresolvable(String)
  }

  /// `reconstruct_base_manifest`: fold the selective layers, newest last, onto the first
  /// complete manifest. `manifests` holds the image list of every artifact in `chain`.
  public static func reconstruct(
    chain: [Artifact], ancestorMissing: Bool, manifests: [String: ArtifactManifest]
  ) -> Reconstruction {
    guard let base = chain.first else {
      return .unresolvable("No complete base snapshot exists in the ancestry chain.")
    }
    var layers: [(Artifact, ArtifactManifest)] = []
    for artifact in chain {
      guard let manifest = manifests[artifact.id] else { return .incomplete }
      if !artifact.selective {
        var complete = BaseImageSet(
          images: manifest.byName,
          origins: artifact.id == base.id
            ? [:] : Dictionary(uniqueKeysWithValues: manifest.images.map { ($0.imageFileName, artifact.id) }))
        for (layer, layerManifest) in layers.reversed() {
          complete = fold(child: layer, manifest: layerManifest, onto: complete, baseId: base.id)
        }
        return .complete(complete)
      }
      layers.append((artifact, manifest))
    }
    if ancestorMissing { return .incomplete }
    return .unresolvable("No complete base snapshot exists in the ancestry chain.")
  }

  /// `fold_child_onto_parent`: matched and added names take the child's image, skipped
  /// names inherit the parent's, removed names are dropped.
  static func fold(
    child: Artifact, manifest: ArtifactManifest, onto parent: BaseImageSet, baseId: String
  ) -> BaseImageSet {
    let childImages = manifest.byName
    let sets = Categorizer.imageSets(
      headNames: Set(childImages.keys), baseNames: Set(parent.images.keys), selective: child.selective,
      allImageFileNames: manifest.allImageFileNames)
    var result = BaseImageSet(images: [:])
    for name in sets.matched.union(sets.added) {
      result.images[name] = childImages[name]
      if child.id != baseId { result.origins[name] = child.id }
    }
    for name in sets.skipped {
      result.images[name] = parent.images[name]
      result.origins[name] = parent.origins[name]
    }
    return result
  }
}
