import ImageCompare
import SnapshotModel

extension PixelDiffer where Failure == StoreError {
  /// pixelmatch on the store's blobs. A changed pair's mask is stored as a blob, and its
  /// shard synced before the comparison that names it is written.
  static func pixelmatch(blobs: BlobStore, algorithm: DiffAlgorithm = .current) -> PixelDiffer {
    pixelmatch(
      algorithm: algorithm,
      read: { key throws(StoreError) in try blobs.read(key) },
      storeMask: { png throws(StoreError) in
        let key = BlobStore.key(of: png)
        try blobs.put(png, key: key)
        try blobs.syncShards([blobs.shard(key)])
        return key
      })
  }
}
