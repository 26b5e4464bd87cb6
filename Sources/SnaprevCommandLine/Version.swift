/// The version both executables print (`--version`).
public enum SnaprevVersion {
  public static let current = "0.1.0"
}
