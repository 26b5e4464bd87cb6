/// Software Heritage snapshots: branch lists, identifiers, import and the API view.
public enum SWHArchiveInfo {
  public static let swhidPrefix = "swh:1:snp:"
}
