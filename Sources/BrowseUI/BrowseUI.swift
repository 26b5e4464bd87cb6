/// The Software Heritage branch browser: state, pure update and rendering into a `Canvas`.
public enum BrowseUIInfo {}
