/// What kind of object a branch points at (the model's `SnapshotTargetType` minus `alias`).
public enum ObjectKind: String, CaseIterable, Sendable {
  case content, directory, revision, release, snapshot
}

/// The API's `target_type` values, in swh.model's declaration order (the order
/// swh-web lists them in its validation message).
public enum TargetType: String, CaseIterable, Sendable {
  case content, directory, revision, release, snapshot, alias

  public init(_ kind: ObjectKind) {
    switch kind {
    case .content: self = .content
    case .directory: self = .directory
    case .revision: self = .revision
    case .release: self = .release
    case .snapshot: self = .snapshot
    }
  }
}

/// Where a branch points: an object, another branch (by name), or nowhere.
public enum BranchTarget: Hashable, Sendable {
  case object(ObjectKind, ObjectID)
  /// The raw name of another branch of the same snapshot (never resolved for hashing).
  case alias([UInt8])
  /// A branch with no target (`null` in the API, `dangling` in the manifest).
  case dangling

  /// The API's `target_type`, nil for a dangling branch.
  public var targetType: TargetType? {
    switch self {
    case .object(let kind, _): return TargetType(kind)
    case .alias: return .alias
    case .dangling: return nil
    }
  }

  /// The word written in the identifier manifest.
  public var manifestWord: String {
    switch self {
    case .object(let kind, _): return kind.rawValue
    case .alias: return "alias"
    case .dangling: return "dangling"
    }
  }
}

/// One named branch; the name is raw bytes, not necessarily UTF-8.
public struct Branch: Hashable, Sendable {
  public var name: [UInt8]
  public var target: BranchTarget

  public init(name: [UInt8], target: BranchTarget) {
    self.name = name
    self.target = target
  }

  public init(name: String, target: BranchTarget) {
    self.init(name: Array(name.utf8), target: target)
  }
}

/// The one-byte kind code used in the stored format and the manifest writer.
package enum KindCode: UInt8, CaseIterable, Sendable {
  case dangling = 0, content, directory, revision, release, snapshot, alias

  init(_ target: BranchTarget) {
    switch target {
    case .dangling: self = .dangling
    case .alias: self = .alias
    case .object(let kind, _): self.init(kind)
    }
  }

  init(_ kind: ObjectKind) {
    switch kind {
    case .content: self = .content
    case .directory: self = .directory
    case .revision: self = .revision
    case .release: self = .release
    case .snapshot: self = .snapshot
    }
  }

  var objectKind: ObjectKind? {
    switch self {
    case .content: return .content
    case .directory: return .directory
    case .revision: return .revision
    case .release: return .release
    case .snapshot: return .snapshot
    case .dangling, .alias: return nil
    }
  }

  package var targetType: TargetType? {
    switch self {
    case .dangling: return nil
    case .alias: return .alias
    default: return objectKind.map(TargetType.init)
    }
  }

  init(_ type: TargetType) {
    switch type {
    case .content: self = .content
    case .directory: self = .directory
    case .revision: self = .revision
    case .release: self = .release
    case .snapshot: self = .snapshot
    case .alias: self = .alias
    }
  }

  /// The manifest word as bytes.
  var manifestWord: [UInt8] {
    switch self {
    case .dangling: return Array("dangling".utf8)
    case .alias: return Array("alias".utf8)
    default: return Array((objectKind?.rawValue ?? "").utf8)
    }
  }
}
