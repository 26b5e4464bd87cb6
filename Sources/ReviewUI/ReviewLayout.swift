import TerminalCanvas

/// Where each part of the review screen goes for a terminal size. Shared by `reduce`
/// (scrolling, zoom steps) and `render`, so both agree on what is visible.
public struct ReviewLayout: Sendable, Equatable {
  public let statusTop: Rect
  public let statusBottom: Rect
  public let footer: Rect
  /// The list pane: a title row, then `listRows`.
  public let list: Rect
  public let listRows: Rect
  public let separatorX: Int
  /// The preview pane: a title row, an info row, the image, a legend row.
  public let preview: Rect
  public let previewImage: Rect

  /// The list's narrowest and the preview's narrowest width when the list is resized
  /// (`{` and `}`): 20 columns keep a short name and its diff percentage; 24 keep the
  /// preview's title and a thumbnail worth looking at.
  public static let minimumListWidth = 20
  public static let minimumPreviewWidth = 24
  /// Columns one `{` or `}` moves the divider: 4, so 9 presses cross a 200-column screen's
  /// range and a single one is visible.
  public static let listWidthStep = 4

  /// The list's default width at `width` columns: 38% of the screen, 28 to 64 columns.
  public static func defaultListWidth(width: Int) -> Int { min(64, max(28, width * 38 / 100)) }

  /// The list's width with `listWidthOffset` columns added to the default, kept within the
  /// minimums (the default itself is never cut, so a 60-column screen looks as before).
  public static func listWidth(width: Int, listWidthOffset: Int) -> Int {
    let standard = defaultListWidth(width: width)
    guard listWidthOffset != 0 else { return standard }
    let widest = max(standard, width - 1 - minimumPreviewWidth)
    return max(min(standard, minimumListWidth), min(widest, standard + listWidthOffset))
  }

  public init(width: Int, height: Int, listWidthOffset: Int = 0) {
    let screen = Rect(x: 0, y: 0, width: width, height: height)
    let (top, rest) = screen.splitTop(1)
    let (middle, bottomBars) = rest.splitBottom(2)
    let (statusBottom, footer) = bottomBars.splitTop(1)
    statusTop = top
    self.statusBottom = statusBottom
    self.footer = footer
    let listWidth = Self.listWidth(width: width, listWidthOffset: listWidthOffset)
    let (list, right) = middle.splitLeft(min(listWidth, middle.width))
    self.list = list
    listRows = Rect(x: list.x, y: list.y + 1, width: list.width, height: list.height - 1)
    separatorX = right.x
    let preview = Rect(x: right.x + 1, y: right.y, width: right.width - 1, height: right.height)
    self.preview = preview
    previewImage = Rect(x: preview.x + 1, y: preview.y + 2, width: preview.width - 2, height: preview.height - 3)
  }
}

/// Where the picker's parts go.
public struct PickerLayout: Sendable, Equatable {
  public let title: Rect
  public let header: Rect
  public let rows: Rect
  public let statusBottom: Rect
  public let footer: Rect

  public init(width: Int, height: Int) {
    let screen = Rect(x: 0, y: 0, width: width, height: height)
    let (title, rest) = screen.splitTop(1)
    let (header, rest2) = rest.splitTop(1)
    let (rows, bottom) = rest2.splitBottom(2)
    let (status, footer) = bottom.splitTop(1)
    self.title = title
    self.header = header
    self.rows = rows
    statusBottom = status
    self.footer = footer
  }
}

extension ReviewState {
  /// Where the review screen's parts are at the state's size (render and reduce share it).
  public var layout: ReviewLayout { ReviewLayout(width: width, height: height, listWidthOffset: listWidthOffset) }
}

/// How side by side shares the image area between base and head: two equal halves, left
/// and right or top and bottom, whichever shows the image larger (a wide banner stacks, a
/// phone screen sits side by side), each under a one-row label.
public struct SideBySideSplit: Sendable, Equatable {
  public let base: Rect
  public let head: Rect
  /// Rows of the "base" and "head" labels.
  public let baseLabel: Rect
  public let headLabel: Rect
  public let stacked: Bool

  public init(area: Rect, canvasWidth: Int, canvasHeight: Int) {
    let half = max(0, (area.width - 1) / 2)
    let left = Rect(x: area.x, y: area.y + 1, width: half, height: max(0, area.height - 1))
    let right = Rect(x: area.x + half + 1, y: area.y + 1, width: half, height: max(0, area.height - 1))
    let halfHeight = max(0, (area.height - 2) / 2)
    let top = Rect(x: area.x, y: area.y + 1, width: area.width, height: halfHeight)
    let bottom = Rect(x: area.x, y: area.y + 2 + halfHeight, width: area.width, height: halfHeight)
    let sideScale = ImageViewport.fitScale(canvasWidth: canvasWidth, canvasHeight: canvasHeight, area: left)
    let stackScale = ImageViewport.fitScale(canvasWidth: canvasWidth, canvasHeight: canvasHeight, area: top)
    stacked = halfHeight > 0 && stackScale < sideScale
    if stacked {
      base = top
      head = bottom
      baseLabel = Rect(x: area.x, y: area.y, width: area.width, height: 1)
      headLabel = Rect(x: area.x, y: area.y + 1 + halfHeight, width: area.width, height: 1)
    } else {
      base = left
      head = right
      baseLabel = Rect(x: left.x, y: area.y, width: left.width, height: 1)
      headLabel = Rect(x: right.x, y: area.y, width: right.width, height: 1)
    }
  }
}
