/// Why two rasters could not be compared. Messages carry the numbers, as pixelmatch's do.
public enum DiffError: Error, Equatable, CustomStringConvertible {
  /// pixelmatch compares equal-sized images only (the snapshot comparer pads instead).
  case sizeMismatch(width1: Int, height1: Int, width2: Int, height2: Int)
  /// The output buffer does not hold `width * height * 4` bytes.
  case outputSizeMismatch(expectedBytes: Int, actualBytes: Int)

  public var description: String {
    switch self {
    case .sizeMismatch(let width1, let height1, let width2, let height2):
      return
        "Image sizes do not match. Image 1 size: \(width1)x\(height1), image 2 size: \(width2)x\(height2)"
    case .outputSizeMismatch(let expected, let actual):
      return "Diff output holds \(actual) bytes, expected \(expected) (width x height x 4)"
    }
  }
}
