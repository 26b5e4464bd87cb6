import DiffCore
import ReviewUI
import TerminalCanvas

/// A small hand-made build with every category and two groups, plus synthetic pixels.
enum Sample {
  static func image(_ file: String, _ display: String?, _ group: String?, key: String, _ w: Int = 60, _ h: Int = 130) -> ImageRef {
    ImageRef(fileName: file, displayName: display, group: group, key: key, width: w, height: h)
  }

  static let artifact = BuildSummary(
    id: "2", appID: "com.trailmix.app", headRef: "feature/profile", baseRef: "main", headSHA: "bbbb2222",
    baseSHA: "aaaa1111", prNumber: 42, counts: [.changed: 3, .added: 1, .removed: 1, .renamed: 1, .errored: 1, .skipped: 1, .unchanged: 3],
    imageCount: 10, comparisonState: "success", approvalStatus: .requiresApproval)

  static let entries: [ReviewEntry] = [
    ReviewEntry(
      category: .changed, head: image("iphone/login.png", "Login", "iPhone 15", key: "h-login"),
      base: image("iphone/login.png", "Login", "iPhone 15", key: "b-login"), diff: 0.0321, diffImageKey: "m-login"),
    ReviewEntry(
      category: .changed, head: image("ipad/login.png", "Login", "iPad Air", key: "h-login-ipad", 80, 110),
      base: image("ipad/login.png", "Login", "iPad Air", key: "b-login-ipad", 80, 110), diff: 0.029, diffImageKey: "m-login-ipad"),
    ReviewEntry(
      category: .changed, head: image("iphone/home.png", "Home feed", "iPhone 15", key: "h-home"),
      base: image("iphone/home.png", "Home feed", "iPhone 15", key: "b-home"), diff: 0.000028, diffImageKey: "m-home"),
    ReviewEntry(category: .added, head: image("iphone/profile.png", "Profile", "iPhone 15", key: "h-profile"), base: nil),
    ReviewEntry(category: .removed, head: nil, base: image("iphone/onboarding3.png", "Onboarding 3", "iPhone 15", key: "b-onb")),
    ReviewEntry(
      category: .renamed, head: image("ipad/explore_map.png", "Explore map", "iPad Air", key: "k-map"),
      base: image("ipad/map.png", "Map", "iPad Air", key: "k-map")),
    ReviewEntry(
      category: .errored, head: image("iphone/terms.png", "Terms (full page)", "iPhone 15", key: "h-terms", 1200, 33_400),
      base: image("iphone/terms.png", "Terms (full page)", "iPhone 15", key: "b-terms", 1200, 30_000),
      errorReason: "exceeds_pixel_limit"),
    ReviewEntry(category: .skipped, head: nil, base: image("ipad/search.png", "Search", "iPad Air", key: "b-search")),
    ReviewEntry(category: .unchanged, head: image("iphone/settings.png", "Settings", "iPhone 15", key: "k-set"), base: image("iphone/settings.png", "Settings", "iPhone 15", key: "k-set")),
    ReviewEntry(category: .unchanged, head: image("ipad/settings.png", "Settings", "iPad Air", key: "k-set2"), base: image("ipad/settings.png", "Settings", "iPad Air", key: "k-set2")),
    ReviewEntry(category: .unchanged, head: image("iphone/about.png", "About", "iPhone 15", key: "k-about"), base: image("iphone/about.png", "About", "iPhone 15", key: "k-about")),
  ]

  static let data = ReviewData(artifact: artifact, entries: entries, reviewed: ["iphone/home.png"])

  /// A phone-like screen: a header bar, a card, a button whose colour is `accent`.
  static func screen(width: Int = 60, height: Int = 130, accent: RGB, shift: Int = 0) -> RGBAImage {
    var pixels = [UInt8](repeating: 255, count: width * height * 4)
    func fill(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int, _ c: RGB) {
      for y in max(0, y0)..<min(height, y1) {
        for x in max(0, x0)..<min(width, x1) {
          let i = (y * width + x) * 4
          pixels[i] = c.r
          pixels[i + 1] = c.g
          pixels[i + 2] = c.b
          pixels[i + 3] = 255
        }
      }
    }
    fill(0, 0, width, 14, RGB(40, 60, 120))
    fill(6, 24 + shift, width - 6, 60 + shift, RGB(230, 230, 235))
    fill(10, 90, width - 10, 104, accent)
    return RGBAImage(width: width, height: height, pixels: pixels)
  }

  static func mask(between a: RGBAImage, _ b: RGBAImage) -> MaskSummary {
    var mask = GrayImage(zeroWidth: max(a.width, b.width), height: max(a.height, b.height))
    for y in 0..<mask.height {
      for x in 0..<mask.width {
        let inA = x < a.width && y < a.height
        let inB = x < b.width && y < b.height
        var differs = inA != inB
        if inA, inB {
          let i = (y * a.width + x) * 4
          let j = (y * b.width + x) * 4
          differs = a.pixels[i..<(i + 4)] != b.pixels[j..<(j + 4)]
        }
        if differs { mask.pixels[y * mask.width + x] = 255 }
      }
    }
    return MaskSummary(mask: mask)
  }

  /// The preview the shell would load for `request`.
  static func preview(for request: PreviewRequest) -> PreviewImages {
    let base = screen(accent: RGB(0, 122, 255))
    let head = screen(accent: RGB(255, 45, 85), shift: request.fileName.contains("home") ? 1 : 0)
    switch request.category {
    case .changed:
      return PreviewImages(request: request, head: head, base: base, mask: mask(between: base, head))
    case .removed, .skipped:
      return PreviewImages(request: request, head: nil, base: base, mask: nil)
    default:
      return PreviewImages(request: request, head: head, base: nil, mask: nil)
    }
  }

  /// Runs actions through `reduce`, answering effects the way the shell does (previews
  /// load at once, store writes succeed), and returns the final state and all effects.
  @discardableResult
  static func run(_ state: inout ReviewState, _ actions: [ReviewAction], reviewer: String = "alice") -> [ReviewEffect] {
    var all: [ReviewEffect] = []
    var queue = actions
    while !queue.isEmpty {
      let action = queue.removeFirst()
      let effects = reduce(&state, action)
      all += effects
      for effect in effects {
        switch effect {
        case .loadPreview(let request) where !request.prefetch:
          queue.insert(.previewLoaded(preview(for: request)), at: 0)
        case .loadArtifact(let id) where id == artifact.id:
          var fresh = data
          fresh.artifact = state.review?.data.artifact ?? artifact
          fresh.reviewed = state.review?.data.reviewed ?? data.reviewed
          queue.insert(.artifactLoaded(fresh), at: 0)
        case .loadArtifacts: queue.insert(.artifactsLoaded(artifacts), at: 0)
        case .approve:
          var summary = state.review?.data.artifact ?? artifact
          summary.approvalStatus = .approved
          summary.approvers = [Approver(name: reviewer)]
          queue.insert(.approvalSaved(summary, approved: true, message: "Approved build #2 as \(reviewer)", undoable: true), at: 0)
        case .requestChanges(_, let fileName, let note):
          var summary = state.review?.data.artifact ?? artifact
          summary.changeRequests.append(ChangeNote(fileName: fileName, note: note, by: reviewer))
          queue.insert(.changesRequestSaved(summary, fileName: fileName), at: 0)
        case .checkApproval:
          queue.insert(.approvalChecked(state.review?.data.artifact ?? artifact), at: 0)
        case .findAntialiased(let request, let base, let head):
          // The real search (the shell runs it off the loop's thread).
          let mask = SnapshotComparer.antialiasedPixels(base: base, head: head)
          queue.insert(.antialiasedFound(request, MaskSummary(mask: mask)), at: 0)
        case .revokeApproval:
          var summary = state.review?.data.artifact ?? artifact
          summary.approvalStatus = .requiresApproval
          summary.approvers = []
          queue.insert(.approvalSaved(summary, approved: false, message: "Approval of #2 revoked", undoable: false), at: 0)
        case .setReviewed(_, let fileName, let reviewed, let undo):
          queue.insert(.reviewMarkSaved(fileName: fileName, reviewed: reviewed, undoable: !undo), at: 0)
        default: break
        }
      }
    }
    return all
  }

  static let artifacts: [BuildSummary] = [
    artifact,
    BuildSummary(
      id: "1", appID: "com.trailmix.app", headRef: "main", headSHA: "aaaa1111", counts: [:], imageCount: 9,
      comparisonState: nil),
  ]

  /// A state showing the review screen of the sample at `width` x `height`.
  static func reviewState(width: Int = 80, height: Int = 24, mode: ColorMode = .palette256) -> ReviewState {
    var state = ReviewState(artifactID: "2", reviewer: "alice", width: width, height: height, colorMode: mode)
    run(&state, [.artifactLoaded(data)])
    return state
  }

  static func keys(_ text: String) -> [ReviewAction] { text.map { .key(.character($0)) } }
}
