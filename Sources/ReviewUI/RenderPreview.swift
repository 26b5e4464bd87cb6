import DiffCore
import TerminalCanvas
import TextEscaping

func renderPreview(_ state: ReviewState, _ review: ReviewScreen, _ layout: ReviewLayout, into canvas: inout Canvas) {
  let pane = layout.preview
  guard !pane.isEmpty else { return }
  let focused = review.focus == .preview
  guard let entry = review.selectedEntry else {
    canvas.put("Preview", x: pane.x + 1, y: pane.y, style: Style(focused ? .header : .dim))
    let hint: String
    if review.rows.indices.contains(review.selected), case .category(let c, _, _, let folded) = review.rows[review.selected] {
      hint = "\(c.title): \(folded ? "Enter unfolds" : "Enter folds") this category"
    } else {
      hint = "Select an image"
    }
    canvas.put(hint, x: pane.x + 2, y: pane.y + 2, limit: pane.width - 3, style: Style(.dim))
    return
  }
  // Title: name and group; on the right the view and zoom.
  let right = previewModeLabel(review, entry)
  let rightWidth = min(DisplayWidth.of(right) + 1, pane.width / 2)
  var x = pane.x + 1
  x += canvas.put(entry.name, x: x, y: pane.y, limit: pane.maxX - rightWidth - x - 1, style: Style(focused ? .header : .title))
  if let group = entry.group, x + 3 < pane.maxX - rightWidth {
    x += canvas.put("  " + group, x: x, y: pane.y, limit: pane.maxX - rightWidth - x - 1, style: Style(.dim))
  }
  canvas.putRight(right, maxX: pane.maxX - 1, y: pane.y, limit: rightWidth, style: Style(.key))
  if let draft = review.noteDraft {
    // The note being typed takes the facts line: what is asked is about this image.
    var x = pane.x + 1
    x += canvas.put("Request changes: ", x: x, y: pane.y + 1, limit: pane.maxX - x - 1, style: Style(.key))
    let room = pane.maxX - x - 2
    let shown = DisplayWidth.of(SafeText.escaped(draft)) > room ? "…" + String(draft.suffix(max(0, room - 1))) : draft
    x += canvas.put(shown, x: x, y: pane.y + 1, limit: room, style: Style(.normal))
    canvas.put("▏", x: x, y: pane.y + 1, style: Style(.key))
  } else {
    renderInfoLine(
      entry, seenBy: review.data.othersReviewed[entry.fileName] ?? [],
      changes: review.data.artifact.changeRequests.filter { $0.fileName == entry.fileName }, y: pane.y + 1,
      x: pane.x + 1, width: pane.width - 2, into: &canvas)
  }

  let area = layout.previewImage
  guard !area.isEmpty else { return }
  if entry.category == .errored {
    renderErrored(entry, review.preview, mode: state.colorMode, area: area, into: &canvas)
    return
  }
  switch review.preview {
  case .none, .loading:
    canvas.put("Loading…", x: area.x + 1, y: area.y + area.height / 2, limit: area.width - 1, style: Style(.dim))
  case .failed(_, let reason):
    let lines = TextLayout.wrap("Could not load the images: " + reason, width: max(1, area.width - 2))
    for (i, line) in lines.prefix(area.height).enumerated() {
      canvas.put(line, x: area.x + 1, y: area.y + i, style: Style(.errored))
    }
  case .ready(let images):
    renderImages(state, review, entry, images, area: area, into: &canvas)
  }
}

private func previewModeLabel(_ review: ReviewScreen, _ entry: ReviewEntry) -> String {
  let zoom = ImageViewport.label(review.zoom)
  switch entry.category {
  case .changed:
    switch review.mode {
    case .diff: return "diff · \(zoom)"
    case .head: return "head · \(zoom)"
    case .base: return "base · \(zoom)"
    case .sideBySide: return "base | head · \(zoom)"
    case .blink: return "blink: \(review.blinkShowsBase ? "BASE" : "HEAD") · \(zoom)"
    case .overlay: return "onion \(review.overlayOpacity)% head · \(zoom)"
    case .slider: return "base ┃ head · \(zoom)"
    }
  case .added, .unchanged, .renamed, .uncompared: return "head · \(zoom)"
  case .removed, .skipped: return "base · \(zoom)"
  case .errored: return "error"
  }
}

/// Second preview row: the facts of the pair. The title above already names the image, so
/// the file name is given only when it differs from the title, and it is the part that
/// gives way: the sizes always fit (at 60 columns the facts get 29 columns, and
/// "Changed 31.0%  base 166×64 → head 174×64" is 41, so " of pixels", "base/head" and the
/// spaces go first: "Changed 31.0% 166×64→174×64" is 27).
/// `seenBy`: the other reviewers who marked the image reviewed, said after the sizes and
/// before the file name (the title already names the image; who else looked does not show
/// anywhere else). The reviewer's own mark is the list's ✓.
/// `changes`: the standing change requests on the image, said right after the category.
func renderInfoLine(
  _ entry: ReviewEntry, seenBy: [String] = [], changes: [ChangeNote] = [], y: Int, x: Int, width: Int,
  into canvas: inout Canvas
) {
  let facts = InfoFacts(entry)
  var column = x
  let end = x + width
  func put(_ text: String, _ role: Role, limit: Int? = nil) {
    guard column < end else { return }
    column += canvas.put(text, x: column, y: y, limit: min(limit ?? end - column, end - column), style: Style(role))
  }
  let sizes = facts.sizes.first { DisplayWidth.of(facts.lead + $0) <= width } ?? facts.sizes.last ?? ""
  let seen = seenBy.isEmpty ? "" : "  seen by " + seenBy.map(SafeText.escaped).joined(separator: ", ")
  // A change request is what a reviewer most needs to read here: it comes right after the
  // category, before the sizes (which then give way on a narrow pane).
  let asked = changes.map { "  \(SafeText.escaped($0.by)) asks: “\(SafeText.escaped($0.note))”" }.joined()
  let lead =
    DisplayWidth.of(facts.lead + facts.leadMore + sizes + asked + seen) <= width
    ? facts.lead + facts.leadMore : facts.lead
  put(lead, entry.category.role)
  if !asked.isEmpty { put(asked, .errored) }
  // Without a request the sizes always fit (see above); after one they show whole or not at all.
  if asked.isEmpty || column + DisplayWidth.of(sizes) <= end { put(sizes, .dim) }
  if !seen.isEmpty { put(seen, .success) }
  if let name = facts.fileName {
    let room = end - column - 2
    if room >= 8 { put("  " + DisplayWidth.shortenMiddle(SafeText.escaped(name), to: room), .dim) }
  }
  for (text, role) in facts.tail { put(text, role) }
}

/// What the facts line says about an entry, in the order it gives way.
struct InfoFacts {
  /// Category (and the diff share): always shown.
  var lead: String
  /// Dropped first when the line is short (" of pixels").
  var leadMore = ""
  /// The size text, longest first; the first that fits after `lead` is used.
  var sizes: [String] = []
  /// The file name when the title shows a display name instead.
  var fileName: String?
  /// Words after the file name (a note, or a rename's names).
  var tail: [(String, Role)] = []

  init(_ entry: ReviewEntry) {
    lead = entry.category.title
    if entry.name != entry.fileName { fileName = entry.fileName }
    func single(_ image: ImageRef?) -> [String] { ["  " + Format.size(image)] }
    switch entry.category {
    case .changed:
      if let diff = entry.diff {
        lead += " " + Format.percent(diff)
        leadMore = " of pixels"
      }
      let base = Format.size(entry.base)
      let head = Format.size(entry.head)
      sizes = base == head ? ["  \(head)"] : ["  base \(base) → head \(head)", "  \(base) → \(head)", " \(base)→\(head)"]
    case .renamed:
      fileName = nil
      let old = entry.base?.fileName ?? "?"
      let new = entry.head?.fileName ?? "?"
      // The title is the new name when there is no display name: say only where it came from.
      tail = entry.name == new ? [("  from ", .dim), (old, .removed)] : [("  " + old, .removed), (" → ", .dim), (new, .added)]
    case .added:
      sizes = single(entry.head)
      tail = [("  new in head", .dim)]
    case .removed:
      sizes = single(entry.base)
      tail = [("  gone from head", .dim)]
    case .skipped:
      sizes = single(entry.base)
      tail = [("  not uploaded (selective)", .dim)]
    case .unchanged: sizes = single(entry.head ?? entry.base)
    case .uncompared:
      sizes = single(entry.head)
      tail = [("  no base to compare with", .dim)]
    case .errored: break
    }
  }
}

/// An errored pair: why it could not be compared, each side's file and whether it decodes
/// (and why not), then whichever side decodes (the head when both do), at fit below.
private func renderErrored(
  _ entry: ReviewEntry, _ preview: PreviewSlot, mode: ColorMode, area: Rect, into canvas: inout Canvas
) {
  let reason = entry.errorReason ?? "unknown"
  var lines: [(String, Role)] = [("Could not compare this pair: " + reason, .errored)]
  let explanation: String
  switch reason {
  case "exceeds_pixel_limit":
    let w = max(entry.head?.width ?? 0, entry.base?.width ?? 0)
    let h = max(entry.head?.height ?? 0, entry.base?.height ?? 0)
    explanation = "The padded canvas \(w)×\(h) is \(TextLayout.count(w * h)) pixels, over the 40,000,000 pixel limit. Split the screenshot or lower its scale."
  case "image_processing_failed": explanation = "An image could not be decoded or diffed."
  case "image_fetch_failed": explanation = "An image is missing from the store."
  default: explanation = ""
  }
  if !explanation.isEmpty { lines.append((explanation, .normal)) }
  var images: PreviewImages?
  if case .ready(let ready) = preview { images = ready }
  func side(_ name: String, _ image: ImageRef?, _ decoded: RGBAImage?, _ failure: String?) -> (String, Role) {
    guard let image else { return ("\(name)  none", .dim) }
    let text = "\(name)  \(image.fileName) \(Format.size(image))"
    if let failure { return (text + ": cannot be shown: " + failure, .warning) }
    if decoded != nil { return (text, .dim) }
    if case .loading = preview { return (text + " (loading…)", .dim) }
    return (text, .dim)
  }
  lines.append(side("base", entry.base, images?.base, images?.baseFailure))
  lines.append(side("head", entry.head, images?.head, images?.headFailure))
  var y = area.y + 1
  for (text, role) in lines {
    for line in TextLayout.wrap(text, width: max(1, area.width - 2)) where y < area.maxY {
      canvas.put(line, x: area.x + 1, y: y, style: Style(role))
      y += 1
    }
    y += 1
  }
  guard let images, let shown = images.head ?? images.base else { return }
  let rest = Rect(x: area.x, y: y, width: area.width, height: area.maxY - y)
  guard rest.height >= 2 else { return }
  let v = ImageViewport.make(
    canvasWidth: shown.width, canvasHeight: shown.height, area: rest, zoom: .fit, center: (0, 0))
  PreviewPainter.paintImage(shown, view: v, at: (rest.x + max(0, (rest.width - v.columns) / 2), rest.y), mode: mode, into: &canvas)
  canvas.put(
    images.head != nil ? "head shown" : "base shown (the head cannot be)", x: area.x, y: area.maxY, limit: area.width,
    style: Style(.dim))
}

private func renderImages(
  _ state: ReviewState, _ review: ReviewScreen, _ entry: ReviewEntry, _ images: PreviewImages, area: Rect,
  into canvas: inout Canvas
) {
  let canvasSize = images.canvasSize
  guard canvasSize.width > 0, canvasSize.height > 0 else {
    canvas.put("No image to show", x: area.x + 1, y: area.y, style: Style(.dim))
    return
  }
  let legendY = area.maxY
  let mode = state.colorMode
  func view(_ rect: Rect) -> ImageViewport {
    ImageViewport.make(
      canvasWidth: canvasSize.width, canvasHeight: canvasSize.height, area: rect, zoom: review.zoom,
      center: review.center)
  }
  func centered(_ v: ImageViewport, in rect: Rect) -> (x: Int, y: Int) {
    (rect.x + max(0, (rect.width - v.columns) / 2), rect.y)
  }
  func legend(_ text: String, _ role: Role = .dim) {
    canvas.put(text, x: area.x, y: legendY, limit: area.width, style: Style(role))
  }
  // The region a zoomed view shows, measured on the rect it is drawn in (one half side by side).
  func zoomNote(_ rect: Rect) -> String {
    guard review.zoom != .fit else { return "" }
    let v = view(rect)
    return " · x \(v.region.x)–\(min(canvasSize.width, v.region.x + v.region.width)) y \(v.region.y)–\(min(canvasSize.height, v.region.y + v.region.height))"
  }
  let areaNote = zoomNote(area)

  guard entry.category == .changed else {
    guard let image = images.head ?? images.base else {
      legend("No image stored", .errored)
      return
    }
    let v = view(area)
    PreviewPainter.paintImage(image, view: v, at: centered(v, in: area), mode: mode, into: &canvas)
    let wantsOther = review.mode != .diff && review.mode != (images.head == nil ? .base : .head)
    let note: String
    switch entry.category {
    case .added: note = wantsOther ? "added: there is no base image" : "added: new in head"
    case .removed: note = wantsOther ? "removed: there is no head image" : "removed: only in base"
    case .renamed: note = "renamed: the same pixels under a new name"
    case .unchanged: note = "unchanged: identical in base and head"
    case .skipped: note = "skipped: not uploaded by this selective build (base shown)"
    case .uncompared: note = "not compared: there is no base build"
    case .changed, .errored: note = ""
    }
    legend(note + areaNote)
    return
  }

  switch review.mode {
  case .diff:
    let v = view(area)
    if let mask = images.mask {
      let ignored = review.showAntialiased && mode != .monochrome ? images.antialiased : nil
      PreviewPainter.paintHeat(
        mask: mask, under: images.head ?? images.base, antialiased: ignored, view: v, at: centered(v, in: area),
        mode: mode, into: &canvas)
      let scale = mode == .monochrome ? "░▒▓█ = share changed" : "warm = share changed"
      var pixels = " · \(TextLayout.count(mask.total)) px"
      if review.showAntialiased, mode != .monochrome, entry.category == .changed {
        // What `i` added, before the area: the count (why they were ignored when it fits),
        // or that they are being found.
        if let found = images.antialiased {
          let count = " · blue: \(TextLayout.count(found.total)) ignored"
          let long = count + " (anti-aliasing)"
          pixels += DisplayWidth.of("heat: " + scale + pixels + long + areaNote) <= area.width ? long : count
        } else {
          pixels += " · finding ignored pixels…"
        }
      }
      pixels += areaNote
      // In colour the unchanged pixels are the image dimmed: zoomed in, they are the shapes
      // one reads (letters that are white in both), so the legend says what the grey is
      // when it fits (docs/REVIEWER.md finding 7). Monochrome draws them as dots.
      let under = images.head == nil ? "base" : "head"
      let greys = mode == .monochrome ? [""] : [" · grey: unchanged (\(under), dimmed)", " · grey: unchanged", ""]
      let fitting = greys.first { DisplayWidth.of("heat: " + scale + $0 + pixels) <= area.width } ?? ""
      legend("heat: " + scale + fitting + pixels)
    } else if let head = images.head {
      PreviewPainter.paintImage(head, view: v, at: centered(v, in: area), mode: mode, into: &canvas)
      legend("no diff mask stored; showing head" + areaNote, .warning)
    }
  case .head, .base, .blink:
    let showBase = review.mode == .base || (review.mode == .blink && review.blinkShowsBase)
    let v = view(area)
    if let image = showBase ? images.base : images.head {
      PreviewPainter.paintImage(image, view: v, at: centered(v, in: area), mode: mode, into: &canvas)
    }
    if review.mode == .blink {
      legend("blink: showing \(showBase ? "BASE" : "HEAD") · Space swaps" + areaNote, .key)
    } else {
      legend((showBase ? "base" : "head") + " image" + areaNote)
    }
  case .overlay:
    let v = view(area)
    if let base = images.base, let head = images.head {
      PreviewPainter.paintBlend(
        base: base, head: head, headShare: review.overlayOpacity, view: v, at: centered(v, in: area), mode: mode,
        into: &canvas)
    }
    legend("onion skin: head \(review.overlayOpacity)% over base · </> adjust" + areaNote, .key)
  case .slider:
    let v = view(area)
    let divider = v.columns * review.sliderPosition / 100
    if let base = images.base, let head = images.head {
      PreviewPainter.paintSlider(
        base: base, head: head, divider: divider, view: v, at: centered(v, in: area), mode: mode, into: &canvas)
    }
    // The canvas column under the divider, so the legend says where the two meet.
    let at = v.region.x + v.region.width * review.sliderPosition / 100
    legend("slider: base ┃ head at x \(at) · </> move" + areaNote, .key)
  case .sideBySide:
    let split = SideBySideSplit(area: area, canvasWidth: canvasSize.width, canvasHeight: canvasSize.height)
    for (rect, label, image, name) in [
      (split.base, split.baseLabel, images.base, "base"), (split.head, split.headLabel, images.head, "head"),
    ] {
      canvas.put(name, x: label.x + max(0, (label.width - 4) / 2), y: label.y, style: Style(.header))
      guard let image else { continue }
      let v = view(rect)
      PreviewPainter.paintImage(image, view: v, at: centered(v, in: rect), mode: mode, into: &canvas)
    }
    // Both halves show the same region: the note gives it once, measured on one half.
    let sides = split.stacked ? "base above, head below" : "base left, head right"
    legend(sides + zoomNote(split.base))
  }
}
