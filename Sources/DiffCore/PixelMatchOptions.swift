/// pixelmatch v7.2.0's options, with its names and defaults.
public struct PixelMatchOptions: Sendable, Equatable {
  /// Matching threshold, 0…1: smaller is more sensitive (compared as 35215·threshold² in YIQ).
  public var threshold: Double
  /// Count anti-aliased pixels as differences instead of detecting and ignoring them.
  public var includeAA: Bool
  /// Opacity of the faded original drawn under the diff, 0…1.
  public var alpha: Double
  /// Colour of anti-aliased pixels in the diff image.
  public var aaColor: RGB
  /// Colour of differing pixels in the diff image.
  public var diffColor: RGB
  /// Colour of differing pixels where the second image is darker; nil uses `diffColor`.
  public var diffColorAlt: RGB?
  /// Draw only the differing pixels over a transparent background (no faded original, no AA).
  public var diffMask: Bool
  /// Blend semi-transparent pixels over v7's pseudo-random checkerboard instead of white.
  public var checkerboard: Bool

  public init(
    threshold: Double = 0.1,
    includeAA: Bool = false,
    alpha: Double = 0.1,
    aaColor: RGB = RGB(255, 255, 0),
    diffColor: RGB = RGB(255, 0, 0),
    diffColorAlt: RGB? = nil,
    diffMask: Bool = false,
    checkerboard: Bool = true
  ) {
    self.threshold = threshold
    self.includeAA = includeAA
    self.alpha = alpha
    self.aaColor = aaColor
    self.diffColor = diffColor
    self.diffColorAlt = diffColorAlt
    self.diffMask = diffMask
    self.checkerboard = checkerboard
  }
}
