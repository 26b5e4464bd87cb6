/// The local JSON snapshot store (see docs/STORE.md).
public enum SnapshotStoreInfo {
  public static let formatVersion = 1
}
