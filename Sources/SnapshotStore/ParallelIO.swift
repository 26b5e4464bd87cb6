import DurableFiles

/// The store's parallel file work is DurableFiles' (shared with the archive's writes).
typealias ParallelIO = DurableFiles.ParallelIO
