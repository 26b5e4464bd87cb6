// swift-tools-version: 6.0
import PackageDescription

// Layering (each arrow is "may import"; written from the targets' dependencies below):
//   snaprev → SnaprevCLI → SnaprevServer, ReviewUI, BrowseUI, CursesBackend, SnapshotStore, SWHArchive,
//                          TerminalWidgets, TerminalCanvas, JSONCore, PNGCodec, DiffCore, ProcessSpawn, TextEscaping
//   SnaprevServer → SnapshotStore, SWHArchive, JSONCore, PNGCodec, ZstdShim → CZstd   (HTTP: Sentry and
//                   Software Heritage APIs; ZstdShim is the only code that touches libzstd)
//   ReviewUI → TerminalWidgets, TerminalCanvas, TextEscaping, DiffCore   (pure: state, update, render)
//   BrowseUI → TerminalWidgets, TerminalCanvas, TextEscaping, SWHArchive  (pure: the branch browser)
//   TerminalWidgets → TerminalCanvas, DiffCore   (screen chrome both UIs share; pixels → cells)
//   TerminalCanvas → TextEscaping   (cells, styles, keys, keymaps, text layout; no DiffCore)
//   CursesBackend → CursesShim → CNcursesw, TerminalCanvas   (the only code that touches ncurses)
//   SnapshotStore → JSONCore, DurableFiles, PNGCodec, DiffCore, TextEscaping, Crypto
//   SWHArchive → DurableFiles, ProcessSpawn, CurlShim, TextEscaping, Crypto   (CurlShim: the only code
//                that touches libcurl, opened with dlopen)
//   PNGCodec → PNGShim → CLibPNG, DiffCore   (the only code that touches libpng)
//   JSONCore → TextEscaping;  DurableFiles → SystemPackage;  DiffCore, TextEscaping, ProcessSpawn → nothing
let package = Package(
  name: "snaprev",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "snaprev", targets: ["snaprev"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
    .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
  ],
  targets: [
    // System libraries, found through pkg-config.
    .systemLibrary(
      name: "CLibPNG", pkgConfig: "libpng",
      providers: [.apt(["libpng-dev"]), .brew(["libpng"])]),
    // No pkgConfig here: ncursesw.pc's cflags carry -D flags that SwiftPM
    // refuses (a build warning); the header and library are at standard paths.
    .systemLibrary(
      name: "CNcursesw",
      providers: [.apt(["libncursesw5-dev"]), .brew(["ncurses"])]),

    // Thin C shims: libpng reports errors with longjmp and ncurses exposes
    // macros and varargs, neither of which Swift can call safely.
    // libdeflate (header and library at standard paths) inflates 8-bit RGBA files about
    // twice as fast as libpng's zlib path; libpng decodes everything else and judges errors.
    .target(
      name: "PNGShim", dependencies: ["CLibPNG"], cSettings: [.unsafeFlags(["-O3"])],
      linkerSettings: [.linkedLibrary("deflate")]),
    // libcurl, opened with dlopen by `import --api` only (curl.h gives the types; nothing
    // links it): linked through FoundationNetworking, it and the ~30 libraries it needs were
    // loaded by every command (ldd of the debug binary: 56 entries before, 26 after).
    .target(name: "CurlShim", linkerSettings: [.linkedLibrary("dl")]),
    // libzstd: sentry-cli compresses every upload body (objects and the manifest) with zstd.
    .systemLibrary(
      name: "CZstd", pkgConfig: "libzstd",
      providers: [.apt(["libzstd-dev"]), .brew(["zstd"])]),
    .target(name: "ZstdShim", dependencies: ["CZstd"]),
    .target(
      name: "CursesShim", dependencies: ["CNcursesw"],
      linkerSettings: [.linkedLibrary("ncursesw"), .linkedLibrary("tinfo")]),

    // Swift libraries, one capability each.
    .target(name: "PNGCodec", dependencies: ["PNGShim", "DiffCore"]),
    .target(name: "DiffCore"),
    // Escaping of untrusted text; below everything that prints names or builds messages.
    .target(name: "TextEscaping"),
    // JSON for both stores and every JSON output: one value type, parser, pull scanner and
    // writer (escaping through TextEscaping's TerminalUnsafe).
    .target(name: "JSONCore", dependencies: ["TextEscaping"]),
    .target(name: "TerminalCanvas", dependencies: ["TextEscaping"]),
    // The screen parts both UIs share: chrome, status message, help overlay, block painting.
    .target(name: "TerminalWidgets", dependencies: ["TerminalCanvas", "DiffCore"]),
    // Atomic writes, durable mkdir -p, lock and crash points for both stores.
    .target(name: "DurableFiles", dependencies: [.product(name: "SystemPackage", package: "swift-system")]),
    .target(
      name: "SnapshotStore",
      dependencies: [
        "DiffCore", "PNGCodec", "TextEscaping", "JSONCore", "DurableFiles",
        .product(name: "Crypto", package: "swift-crypto"),
      ]),
    // Child processes: one posix_spawn helper for git, the benches and the tests.
    .target(name: "ProcessSpawn"),
    .target(
      name: "SWHArchive",
      dependencies: [
        "TextEscaping", "DurableFiles", "ProcessSpawn", "CurlShim", .product(name: "Crypto", package: "swift-crypto"),
      ]),
    .target(
      name: "ReviewUI",
      dependencies: ["TerminalWidgets", "TerminalCanvas", "TextEscaping", "DiffCore"]),
    .target(name: "BrowseUI", dependencies: ["TerminalWidgets", "TerminalCanvas", "TextEscaping", "SWHArchive"]),
    // The HTTP server: Sentry's snapshot API (sentry-cli's objectstore upload, details, download)
    // and Software Heritage's snapshot/origin API, over one store.
    .target(
      name: "SnaprevServer",
      dependencies: [
        "SnapshotStore", "SWHArchive", "ZstdShim", "TextEscaping", "PNGCodec", "JSONCore",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HummingbirdTLS", package: "hummingbird"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "MultipartKit", package: "multipart-kit"),
        .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        .product(name: "Crypto", package: "swift-crypto"),
      ]),
    .target(name: "CursesBackend", dependencies: ["CursesShim", "TerminalCanvas"]),
    .target(
      name: "SnaprevCLI",
      dependencies: [
        "DiffCore", "PNGCodec", "TextEscaping", "TerminalCanvas", "TerminalWidgets", "JSONCore", "SnapshotStore", "SWHArchive",
        "ReviewUI", "BrowseUI",
        "CursesBackend", "ProcessSpawn", "SnaprevServer",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    // Not `-static-stdlib` here: as a target linker flag it failed to link (undefined
    // swift_ucasemap_* etc. from the static FoundationInternationalization; the flag does not
    // bring _FoundationICU). `swift build --static-swift-stdlib` is the way still to try.
    .executableTarget(name: "snaprev", dependencies: ["SnaprevCLI"]),

    // Tests. Fixtures live beside the tests (Tests/Fixtures) with their licences.
    .target(
      name: "TestSupport", dependencies: ["TerminalCanvas", "DiffCore", "PNGCodec"], path: "Tests/TestSupport",
      exclude: ["replay_server.py"]),  // the swh-web replay server the import tests run
    .testTarget(name: "PNGCodecTests", dependencies: ["PNGCodec", "TestSupport"]),
    .testTarget(name: "DiffCoreTests", dependencies: ["DiffCore", "PNGCodec", "TestSupport"]),
    .testTarget(name: "ProcessSpawnTests", dependencies: ["ProcessSpawn"]),
    .testTarget(name: "DurableFilesTests", dependencies: ["DurableFiles", .product(name: "SystemPackage", package: "swift-system")]),
    .testTarget(
      name: "TerminalCanvasTests", dependencies: ["TerminalCanvas", "TerminalWidgets", "TextEscaping", "DiffCore"]),
    .testTarget(name: "TextEscapingTests", dependencies: ["TextEscaping"]),
    .testTarget(name: "JSONCoreTests", dependencies: ["JSONCore", "TextEscaping", "TestSupport"]),
    .testTarget(
      name: "SnapshotStoreTests", dependencies: ["SnapshotStore", "JSONCore", "PNGCodec", "TestSupport"]),
    .testTarget(
      name: "ReviewUITests",
      dependencies: ["ReviewUI", "TerminalWidgets", "TerminalCanvas", "DiffCore", "TestSupport"],
      exclude: ["Goldens"]),
    .testTarget(name: "SWHArchiveTests", dependencies: ["SWHArchive", "TextEscaping", "TestSupport"]),
    .testTarget(name: "CursesBackendTests", dependencies: ["CursesBackend", "TerminalCanvas"]),
    .testTarget(
      name: "CLITests", dependencies: ["SnaprevCLI", "PNGCodec", "SWHArchive", "TestSupport"],
      exclude: ["Goldens"]),  // help and output goldens, and the store they are taken from
    .testTarget(
      name: "ServerTests",
      dependencies: ["SnaprevServer", "SnapshotStore", "JSONCore", "SWHArchive", "ZstdShim", "PNGCodec", "TestSupport"],
      exclude: ["swh_client.py"]),
    .testTarget(
      name: "BrowseUITests", dependencies: ["BrowseUI", "TerminalCanvas", "SWHArchive", "TestSupport"],
      exclude: ["Goldens"]),
  ],
  swiftLanguageModes: [.v6]
)
