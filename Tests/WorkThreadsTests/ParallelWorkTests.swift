import Synchronization
import Testing
import WorkThreads

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

struct ParallelWorkTests {
  @Test(arguments: [0, 1, 2, 7, 100])
  func everyIterationRunsExactlyOnce(_ iterations: Int) {
    for maxThreads in [1, 2, 4] {
      let seen = Mutex<[Int]>([])
      ParallelWork.forEach(iterations: iterations, maxThreads: maxThreads) { i in
        seen.withLock { $0.append(i) }
      }
      #expect(seen.withLock { $0.sorted() } == Array(0..<iterations), "maxThreads \(maxThreads)")
    }
  }

  /// Both jobs are in flight at once (a rendezvous that a serial run could only reach by
  /// timing out): a one-shot decode pair must not run serially, which is why this helper exists.
  @Test func twoJobsRunAtTheSameTime() throws {
    let arrived = Atomic<Int>(0)
    let metPartner = Mutex<[Bool]>([])
    ParallelWork.forEach(iterations: 2, maxThreads: 2) { _ in
      arrived.add(1, ordering: .sequentiallyConsistent)
      var waited = 0
      while arrived.load(ordering: .sequentiallyConsistent) < 2 && waited < 5_000 {
        usleep(1_000)
        waited += 1
      }
      let met = arrived.load(ordering: .sequentiallyConsistent) == 2
      metPartner.withLock { $0.append(met) }
    }
    #expect(metPartner.withLock { $0 } == [true, true])
  }
}
