import CursesShim

/// Puts a `Canvas` on a real terminal through ncursesw and turns input into keys.
public enum CursesBackend {
  public static var libraryVersion: String { String(cString: cursesshim_version()) }
}
