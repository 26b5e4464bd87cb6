/// A 24-bit colour (pixelmatch's aaColor/diffColor, heatmap scales, terminal colours).
public struct RGB: Sendable, Hashable {
  public var r: UInt8
  public var g: UInt8
  public var b: UInt8

  public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
    self.r = r
    self.g = g
    self.b = b
  }
}
