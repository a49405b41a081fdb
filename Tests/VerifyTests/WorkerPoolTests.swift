import Dispatch
import Foundation
import Synchronization
import Testing
@testable import Verify

/// The interpreter's worker pool runs every index of a loop exactly once: back to back (workers
/// spinning), after the workers have gone to sleep, from several threads at once (all but one
/// run alone), and with a loop started inside another loop's job. (The pools made here live on,
/// asleep, until the test process ends, as the shared pool does.)
@Suite struct WorkerPoolTests {
    static func check(_ pool: WorkerPool, count: Int, blocked: Bool = false) -> Bool {
        let hits = Mutex([Int](repeating: 0, count: count))
        pool.run(count, blocked: blocked) { i in hits.withLock { $0[i] += 1 } }
        return hits.withLock { $0.allSatisfy { $0 == 1 } }
    }

    /// Blocked loops (one contiguous block per thread, the others' blocks helped with once a
    /// thread's own is done) also run every index once, for every count around the block edges,
    /// and the caller runs the first block's indices when the workers are busy elsewhere.
    @Test func blockedLoopsRunEveryIndexOnce() {
        let pool = WorkerPool(workers: 3)
        for round in 0..<2000 {
            #expect(Self.check(pool, count: 1 + round % 37, blocked: true))
        }
        // From inside a job the loop runs on the caller alone: all blocks, in order.
        let order = Mutex([Int]())
        pool.run(2) { i in
            guard i == 0 else { return }
            pool.run(9, blocked: true) { j in order.withLock { $0.append(j) } }
        }
        #expect(order.withLock { $0 } == Array(0..<9))
    }

    @Test func everyIndexRunsOnceBackToBackAndAfterSleeping() {
        let pool = WorkerPool(workers: 3)
        for round in 0..<2000 {
            #expect(Self.check(pool, count: 1 + round % 37))
        }
        // Long enough for the workers to stop spinning and sleep.
        usleep(UInt32(WorkerPool.spinNanoseconds / 1000) * 3)
        #expect(Self.check(pool, count: 100))
        #expect(Self.check(pool, count: 0))
    }

    @Test func concurrentCallersAndNestedLoopsStillRunEveryIndexOnce() {
        let pool = WorkerPool(workers: 2)
        let failures = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 8) { caller in
            for round in 0..<200 {
                if !Self.check(pool, count: 3 + (caller + round) % 50) { failures.add(1, ordering: .relaxed) }
            }
        }
        #expect(failures.load(ordering: .relaxed) == 0)
        // A loop inside a job runs on the job's thread.
        let inner = Mutex([Int](repeating: 0, count: 6))
        pool.run(6) { i in
            pool.run(6) { j in inner.withLock { $0[i] += j + 1 } }
        }
        #expect(inner.withLock { $0 } == [Int](repeating: 21, count: 6))
    }
}
