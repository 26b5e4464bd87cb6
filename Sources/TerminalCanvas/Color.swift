/// A 24-bit terminal colour. The canvas keeps its own colour type rather than DiffCore's
/// `RGB`, so the presentation layer does not depend on the diff engine; TerminalWidgets
/// converts image colours (`Color(rgb)`) where pixels become cells.
public struct Color: Sendable, Hashable {
  public var r: UInt8
  public var g: UInt8
  public var b: UInt8

  public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
    self.r = r
    self.g = g
    self.b = b
  }
}
