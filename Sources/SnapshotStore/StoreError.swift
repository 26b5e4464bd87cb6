import SnapshotModel
import TextEscaping

/// Everything that can go wrong in the store. Messages name the file or field and say what
/// is wrong; untrusted names are escaped (see `SafeText`). Reasons are escaped here too,
/// where every message is built: a reason may quote a sidecar key, a JSON parser's view of
/// hostile bytes or a libpng message, and escaping twice changes nothing (escaped text
/// holds no unsafe scalar).
public enum StoreError: Error, Equatable, CustomStringConvertible {
  /// Read commands on a directory that holds no store yet.
  case noStore(path: String)
  /// A store file that does not parse or lacks a field. Never overwritten by snaprev.
  case corruptFile(path: String, reason: String)
  /// A store file written by a newer (or unknown) snaprev.
  case unsupportedVersion(path: String, found: String, supported: Int)
  case unknownArtifact(id: String)
  case unknownImage(key: String)
  case invalidKey(String)
  /// Bad upload input; nothing was written. `path` names the offending file or option.
  case invalidUpload(path: String, reason: String)
  case tooManyImages(directory: String, count: Int, limit: Int)
  /// A file-system call failed.
  case io(path: String, operation: String, reason: String)
  /// `approve` without `--force` on a comparison that is not a success.
  case approvalNeedsForce(id: String, state: String)
  case notApproved(id: String)
  case unknownImageName(artifact: String, name: String)
  case invalidNote(artifact: String, reason: String)

  /// The store's report of a refused approval (same cases, same messages).
  init(_ refusal: ApprovalRefusal) {
    switch refusal {
    case .needsForce(let id, let state): self = .approvalNeedsForce(id: id, state: state)
    case .notApproved(let id): self = .notApproved(id: id)
    }
  }

  /// Escaped as a whole as well: reasons carry text from store files (a field's value, a
  /// key), and escaping is idempotent, so parts escaped already are unchanged.
  public var description: String { SafeText.escaped(message) }

  private var message: String {
    switch self {
    case .noStore(let path):
      return "no snapshot store at \(SafeText.escaped(path)) (it is created by `snaprev upload`)"
    case .corruptFile(let path, let reason):
      return "\(SafeText.escaped(path)): corrupt store file: \(SafeText.escaped(reason)) (left untouched; repair or remove it by hand)"
    case .unsupportedVersion(let path, let found, let supported):
      return
        "\(SafeText.escaped(path)): store format version \(SafeText.escaped(found)) is not supported (this snaprev reads version \(supported))"
    case .unknownArtifact(let id):
      return "no artifact with id \(SafeText.escaped(id)) in the store"
    case .unknownImage(let key):
      return "no stored image or mask with key \(SafeText.escaped(key))"
    case .invalidKey(let key):
      return "\(SafeText.escaped(key)) is not an image key (64 lowercase hex digits, the SHA-256 of the file)"
    case .invalidUpload(let path, let reason):
      return "\(SafeText.escaped(path)): \(SafeText.escaped(reason)); nothing was uploaded"
    case .tooManyImages(let directory, let count, let limit):
      return
        "\(SafeText.escaped(directory)): \(count) images, more than the limit of \(limit) per upload; nothing was uploaded"
    case .io(let path, let operation, let reason):
      return "\(SafeText.escaped(path)): \(operation) failed: \(SafeText.escaped(reason))"
    case .approvalNeedsForce(let id, let state):
      return
        "artifact \(SafeText.escaped(id)) has comparison state \(SafeText.escaped(state)); approving it needs --force"
    case .notApproved(let id):
      return "artifact \(SafeText.escaped(id)) has no approval to revoke"
    case .unknownImageName(let artifact, let name):
      return "artifact \(SafeText.escaped(artifact)) has no image named \(SafeText.escaped(name))"
    case .invalidNote(let artifact, let reason):
      return "artifact \(SafeText.escaped(artifact)): cannot request changes: \(reason)"
    }
  }
}
