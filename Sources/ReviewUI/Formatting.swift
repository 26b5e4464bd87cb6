import FoundationEssentials
import TerminalCanvas
import TextFormat

/// Small text formats shared by the screens.
enum Format {
  /// A diff fraction as a percentage that never shows a real change as "0%"
  /// (Sentry users complain about exactly that).
  static func percent(_ fraction: Double) -> String {
    let p = fraction * 100
    if p >= 10 { return String(printf: "%.1f%%", p) }
    if p >= 0.1 { return String(printf: "%.2f%%", p) }
    if p <= 0 { return "0%" }
    if p < 0.0001 { return "<0.0001%" }
    return String(printf: "%.2g%%", p)
  }

  static func size(_ image: ImageRef?) -> String {
    guard let image, image.width > 0 || image.height > 0 else { return "?" }
    return "\(image.width)×\(image.height)"
  }

  /// "main → feature/login": base first, as the facts line's "base 166×64 → head 174×64"
  /// and git's `base..head` read (the title had head → base: with bare commit ids it read
  /// as if time ran backwards, docs/REVIEWER.md finding 6); or whichever side is known.
  static func refs(_ artifact: BuildSummary) -> String {
    let head = artifact.headRef ?? artifact.headSHA.map { String($0.prefix(8)) }
    let base = artifact.baseRef ?? artifact.baseSHA.map { String($0.prefix(8)) }
    switch (base, head) {
    case (let b?, let h?): return "\(b) → \(h)"
    case (nil, let h?): return h
    case (let b?, nil): return "\(b) →"
    case (nil, nil): return "no refs"
    }
  }

  /// Approval in words, and the role it is drawn in.
  static func approval(_ artifact: BuildSummary) -> (String, Role) {
    if !artifact.changeRequests.isEmpty { return ("CHANGES REQUESTED", .errored) }
    switch artifact.approvalStatus {
    case .approved:
      let who = artifact.approvers.map(\.name).joined(separator: ", ")
      return (who.isEmpty ? "APPROVED" : "APPROVED by \(who)", .success)
    case .autoApproved: return ("AUTO-APPROVED", .success)
    case .requiresApproval: return ("NEEDS APPROVAL", .warning)
    case nil:
      switch artifact.comparisonState {
      case "success": return ("no approval needed", .dim)
      case "failed": return ("comparison failed", .errored)
      case "waiting_for_base": return ("waiting for base", .dim)
      case "no_base_build": return ("no base build", .dim)
      case let state?: return ("comparison \(state)", .dim)
      case nil: return ("no comparison", .dim)
      }
    }
  }
}
